import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDesktopDatabase, type DesktopDatabase } from '../../../../../src-main/core/db/desktopDatabase';
import { HostCredentials } from '../../../../../src-main/core/session/hostCredentials';
import { sealingProtector } from '../../../../support/testProtector';
import { tempDir } from '../../../../support/tempDir';

const SUPPORTER = { deviceId: '123456789', name: 'Ada Support', company: 'Acme', verified: true };
const key = () => randomBytes(32).toString('base64url');

describe('the host keeps a remembered password only for the permanent password it stood for (real SQLite)', () => {
  const opened: { db: DesktopDatabase; cleanup: () => void }[] = [];
  afterEach(() => {
    for (const { db, cleanup } of opened.splice(0)) {
      db.close();
      cleanup();
    }
  });
  const credentials = () => {
    const dir = tempDir();
    const db = openDesktopDatabase(join(dir.path, 'tandem.db'));
    opened.push({ db, cleanup: dir.cleanup });
    const host = new HostCredentials(db, sealingProtector());
    host.setPermanentPassword('correct horse battery');
    return host;
  };

  it('keeps it when the session starts under the same permanent password', () => {
    const host = credentials();
    const pending = host.forRemembered(key())!;
    expect(host.keepRemembered(SUPPORTER, pending, new Date())).toBe(true);
    expect(host.remembered.list().map((each) => each.deviceId)).toEqual([SUPPORTER.deviceId]);
    expect(host.record('remembered', SUPPORTER.deviceId)).toBe(pending.record);
  });

  it('drops it when the permanent password was changed or removed between the handshake and the session start', () => {
    for (const change of ['a new password', null]) {
      const host = credentials();
      const pending = host.forRemembered(key())!;
      host.setPermanentPassword(change);
      expect(host.keepRemembered(SUPPORTER, pending, new Date())).toBe(false);
      expect(host.remembered.list()).toEqual([]);
      expect(host.record('remembered', SUPPORTER.deviceId)).toBeNull();
    }
  });

  it('makes no remembered record without a permanent password', () => {
    const host = credentials();
    host.setPermanentPassword(null);
    expect(host.forRemembered(key())).toBeNull();
  });
});
