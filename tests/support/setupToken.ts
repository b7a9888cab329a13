import type { RunningServer } from '../../server/app';
import { readSetupToken } from '../../server/accounts/setupToken';

/** The one-time setup token a fresh endpoint wrote to its data folder, as its operator reads it. */
export function setupTokenOf(server: Pick<RunningServer, 'dataDir'>): string {
  return readSetupToken(server.dataDir);
}
