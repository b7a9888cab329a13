import { afterEach, beforeEach } from 'vitest';
import { type RunningServer, type ServerOptions } from '../../server/app';
import { startServer } from './testServer';
import { tempDir } from './tempDir';

/**
 * A fresh cloud endpoint on 127.0.0.1 for each test, with its own data folder, closed and removed
 * after it. Call inside `describe`; the function returns the running endpoint of the current test.
 */
export function endpointPerTest(options: Omit<ServerOptions, 'dataDir'> = {}): () => RunningServer {
  let dir: ReturnType<typeof tempDir> | undefined;
  let server: RunningServer | undefined;
  beforeEach(async () => {
    dir = tempDir();
    server = await startServer({ logger: false, ...options, dataDir: dir.path });
  });
  afterEach(async () => {
    await server?.close();
    dir?.cleanup();
  });
  return () => server!;
}
