import { describe, expect, it } from 'vitest';
import { MAX_SCREENS } from '../../../../src-shared/session/screens';
import { peerMessageSchema } from '../../../../src-shared/signaling/peerMessages';

const monitor = { id: 'screen:1:0', name: 'Built-in display', primary: true, width: 1920, height: 1080 };
const accepted = (message: unknown) => peerMessageSchema.safeParse(message).success;

describe('the screen messages between the two cores (RS-5)', () => {
  it('accept an announcement of monitors, an ask for one of them and a refusal with a catalogue reason', () => {
    expect(accepted({ kind: 'screens', sources: [monitor], current: 'screen:1:0' })).toBe(true);
    expect(accepted({ kind: 'screens', sources: [], current: null })).toBe(true);
    expect(accepted({ kind: 'screen-switch', id: 'screen:2:0' })).toBe(true);
    expect(accepted({ kind: 'screen-refused', id: 'screen:9:0', code: 'screen_unknown' })).toBe(true);
    expect(accepted({ kind: 'screen-refused', id: 'screen:2:0', code: 'screen_needs_control' })).toBe(true);
  });

  it('refuse what no honest partner sends', () => {
    const many = Array.from({ length: MAX_SCREENS + 1 }, (_, i) => ({ ...monitor, id: `screen:${i}:0` }));
    for (const message of [
      { kind: 'screens', sources: many, current: null },
      { kind: 'screens', sources: [{ ...monitor, width: -1 }], current: null },
      { kind: 'screens', sources: [{ ...monitor, width: 1.5 }], current: null },
      { kind: 'screens', sources: [{ ...monitor, name: 'n'.repeat(201) }], current: null },
      { kind: 'screens', sources: [monitor], current: '' },
      { kind: 'screen-switch', id: '' },
      { kind: 'screen-switch', id: 'x'.repeat(201) },
      { kind: 'screen-switch' },
      { kind: 'screen-refused', id: 'screen:2:0', code: 'internal' },
      { kind: 'screen-refused', id: 'screen:2:0', code: 'because' },
    ]) {
      expect(accepted(message), JSON.stringify(message).slice(0, 120)).toBe(false);
    }
  });
});
