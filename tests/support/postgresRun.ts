import { afterAll } from 'vitest';
import { dropTestDatabases } from './testServer';

// integration-postgres: the databases a test file's endpoints made go with the file.
afterAll(dropTestDatabases);
