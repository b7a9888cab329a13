import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src-main/core/logger';

describe('the main core’s logger', () => {
  it('never writes passwords, secrets or tokens, however deep they sit', () => {
    let output = '';
    const destination = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    });
    const log = createLogger({ name: 'test', destination });
    log.info({ oneTimePassword: 'hunter22', session: { secret: 's3cr3t', peer: { token: 'tok-123' } } }, 'rotated');
    log.info({ apiKey: 'sk-live-1' }, 'provider');
    expect(output).toContain('rotated');
    for (const secret of ['hunter22', 's3cr3t', 'tok-123', 'sk-live-1']) expect(output).not.toContain(secret);
    expect(output).toContain('[redacted]');
  });
});
