import { describe, expect, it } from 'vitest';
import { redact, redactText } from '../../../../src-shared/logging/redact';

describe('log redaction shared by the desktop core and the endpoint', () => {
  it('is idempotent: redacting a redacted line changes nothing', () => {
    const line =
      'Authorization: Bearer abcDEF123 password=hunter2 {"apiKey":"k-1"} https://u:p@h/ tdm_abcdefghijklmnop';
    const once = redactText(line);
    expect(once).not.toMatch(/abcDEF123|hunter2|k-1|u:p@|abcdefghijklmnop/);
    expect(redactText(once)).toBe(once);
  });

  it('hides the device code in a code user’s video link', () => {
    const line = '{"req":{"method":"GET","url":"/v/ABCD-EFGH-JKMN"}} https://help.example/v/abcdefghjkmn?x=1';
    expect(redactText(line)).not.toMatch(/ABCD-EFGH-JKMN|abcdefghjkmn/);
    expect(redactText(line)).toContain('/v/[redacted]?x=1');
    expect(redactText('/api/v1/video/me and /v/')).toBe('/api/v1/video/me and /v/');
  });

  it('follows arrays and nested objects, survives cycles and leaves the original untouched', () => {
    const original: Record<string, unknown> = { list: [{ nested: { clientSecret: 'cs-1' } }], note: 'secret=inline-2' };
    original.self = original;
    const copy = redact(original) as Record<string, unknown>;
    expect(JSON.stringify({ ...copy, self: undefined })).not.toMatch(/cs-1|inline-2/);
    expect(copy.self).toBe('[circular]');
    expect((original.list as { nested: { clientSecret: string } }[])[0]!.nested.clientSecret).toBe('cs-1');
  });
});
