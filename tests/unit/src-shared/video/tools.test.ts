import { describe, expect, it } from 'vitest';
import { toolMessageSchema } from '../../../../src-shared/video/tools';

/*
 * The tools channel's contract (VS-6): a tracked object's template must be exactly the pixels it
 * says it has, so a patch of another size is dropped on arrival rather than failing later in the
 * other side's tracker (and showing the user an error the sender caused).
 */
const corners = [
  [0.2, 0.2],
  [0.4, 0.2],
  [0.4, 0.4],
  [0.2, 0.4],
];
const track = (width: number, height: number, gray: string) => ({
  type: 'track',
  id: 'track-1',
  corners,
  template: { width, height, gray },
});
const base64Of = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');

describe('a track message', () => {
  it('with a template of width × height bytes is taken', () => {
    expect(toolMessageSchema.safeParse(track(16, 10, base64Of(160))).success).toBe(true);
    expect(toolMessageSchema.safeParse(track(128, 128, base64Of(128 * 128))).success).toBe(true);
  });

  it('with a template of fewer or more bytes, or not base64, is refused', () => {
    for (const gray of [base64Of(159), base64Of(161), 'AAAA', '', `${base64Of(159).slice(0, -4)}!!!!`]) {
      expect(toolMessageSchema.safeParse(track(16, 10, gray)).success).toBe(false);
    }
  });
});
