import { describe, expect, it } from 'vitest';
import { comboInput } from '../../../../src-renderer/session/inputCapture';
import { inputEventSchema } from '../../../../src-shared/session/inputEvents';

describe('key combinations sent from the session menu', () => {
  it('Ctrl+Alt+Del: each key pressed in turn, released in reverse, with the modifiers held at each moment', () => {
    const events = comboInput('ctrlAltDel');
    expect(events.map((event) => event.type === 'key' && `${event.down ? '↓' : '↑'}${event.code}`)).toEqual([
      '↓ControlLeft',
      '↓AltLeft',
      '↓Delete',
      '↑Delete',
      '↑AltLeft',
      '↑ControlLeft',
    ]);
    expect(events[2]).toMatchObject({ modifiers: { ctrl: true, alt: true, shift: false, meta: false } });
    expect(events.at(-1)).toMatchObject({ modifiers: { ctrl: false, alt: false } });
    for (const event of events) expect(inputEventSchema.safeParse(event).success).toBe(true);
  });

  it('the Windows key alone, and Alt+Tab, leave nothing held', () => {
    expect(comboInput('windows')).toEqual([
      { type: 'key', code: 'MetaLeft', down: true, modifiers: { shift: false, ctrl: false, alt: false, meta: true } },
      { type: 'key', code: 'MetaLeft', down: false, modifiers: { shift: false, ctrl: false, alt: false, meta: false } },
    ]);
    const altTab = comboInput('altTab');
    expect(altTab.map((event) => event.type === 'key' && event.code)).toEqual(['AltLeft', 'Tab', 'Tab', 'AltLeft']);
    expect(altTab.at(-1)).toMatchObject({ modifiers: { alt: false } });
  });
});
