import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgresCluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The integration suite's PostgreSQL cluster (superuser URL); each test creates its own database. */
    postgresUrl: string;
    /** The engine of the endpoints the tests start (tests/support/testServer.ts): `integration-postgres` says postgres. */
    endpointEngine: 'sqlite' | 'postgres' | undefined;
  }
}

/** One PostgreSQL cluster for the integration suite's run, stopped and deleted afterwards. */
export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
