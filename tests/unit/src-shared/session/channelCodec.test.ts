import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeControl, decodeInputFrame } from '../../../../src-shared/session/channelCodec';

describe('data-channel messages', () => {
  it('decode what the partner sends', () => {
    expect(
      decodeInputFrame(JSON.stringify({ seq: 1, sentAt: 5, event: { type: 'pointer-move', x: 0.5, y: 1 } })),
    ).toEqual({
      seq: 1,
      sentAt: 5,
      event: { type: 'pointer-move', x: 0.5, y: 1 },
    });
    const chat = { type: 'chat', id: '2b1c6f64-0a0e-4f57-9a4f-0d4b86f1a9a1', text: 'Hallo 👋', sentAt: 1 };
    expect(decodeControl(new TextEncoder().encode(JSON.stringify(chat)))).toEqual(chat);
  });

  it('refuse pointer positions off the display, unknown keys, path tricks in file names', () => {
    const frame = (event: unknown) => JSON.stringify({ seq: 1, sentAt: 0, event });
    expect(decodeInputFrame(frame({ type: 'pointer-move', x: 1.5, y: 0 }))).toBeNull();
    expect(decodeInputFrame(frame({ type: 'key', code: 'Key A; rm -rf', down: true, modifiers: {} }))).toBeNull();
    expect(decodeInputFrame(frame({ type: 'text', text: '' }))).toBeNull();
    const offer = (name: string) =>
      decodeControl(JSON.stringify({ type: 'file-offer', id: '2b1c6f64-0a0e-4f57-9a4f-0d4b86f1a9a1', name, size: 1 }));
    expect(offer('report.pdf')).not.toBeNull();
    for (const name of ['../../etc/passwd', 'a/b', 'a\\b', '..', 'bell\u0007']) expect(offer(name)).toBeNull();
  });

  it('never throw and never accept what is not in the protocol (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ seq: 0, sentAt: 0, event: v })),
        ),
        (text) => {
          const frame = decodeInputFrame(text);
          if (frame) expect(['pointer-move', 'pointer-button', 'wheel', 'key', 'text']).toContain(frame.event.type);
          const control = decodeControl(text);
          if (control)
            expect([
              'chat',
              'file-offer',
              'file-done',
              'file-cancel',
              'file-result',
              'clipboard',
              'clipboard-sync',
            ]).toContain(control.type);
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        expect(() => decodeControl(bytes)).not.toThrow();
      }),
    );
    expect(decodeInputFrame(12)).toBeNull();
    expect(decodeInputFrame('x'.repeat(10_000))).toBeNull();
  });
});
