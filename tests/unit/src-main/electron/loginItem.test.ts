import type { App } from 'electron';
import { describe, expect, it } from 'vitest';
import { AT_LOGIN_ARG, applyStartAtLogin, startedAtLogin } from '../../../../src-main/electron/loginItem';

/**
 * Electron's login items, as far as Tandem uses them (the binary cannot run here): the OS's
 * startup entry, per argument list on Windows, one per app on macOS.
 */
function loginItems(initial: { openAtLogin: boolean; wasOpenedAtLogin?: boolean }) {
  const state = { ...initial, args: [AT_LOGIN_ARG] as string[] };
  const set: Parameters<App['setLoginItemSettings']>[0][] = [];
  const app = {
    getLoginItemSettings: (options?: { args?: string[] }) =>
      ({
        openAtLogin: state.openAtLogin && (!options?.args || options.args.join(' ') === state.args.join(' ')),
        wasOpenedAtLogin: state.wasOpenedAtLogin ?? false,
      }) as ReturnType<App['getLoginItemSettings']>,
    setLoginItemSettings: (settings: Parameters<App['setLoginItemSettings']>[0]) => {
      set.push(settings);
      state.openAtLogin = settings.openAtLogin ?? false;
      state.args = settings.args ?? [];
    },
  };
  return { app, set, state };
}

describe('Tandem starting with the computer (RS-1)', () => {
  it('on Windows adds the startup entry with the argument that keeps the window closed, and removes it', () => {
    const { app, set } = loginItems({ openAtLogin: false });
    applyStartAtLogin(app, 'win32', true);
    expect(set).toEqual([{ openAtLogin: true, args: [AT_LOGIN_ARG] }]);
    applyStartAtLogin(app, 'win32', false);
    expect(set.at(-1)).toEqual({ openAtLogin: false, args: [AT_LOGIN_ARG] });
  });

  it('leaves an entry that already says the same alone (the user’s own switch in the OS is not rewritten at every start)', () => {
    const { app, set } = loginItems({ openAtLogin: true });
    applyStartAtLogin(app, 'win32', true);
    applyStartAtLogin(app, 'darwin', true);
    expect(set).toEqual([]);
  });

  it('on macOS adds and removes the login item', () => {
    const { app, set } = loginItems({ openAtLogin: false });
    applyStartAtLogin(app, 'darwin', true);
    applyStartAtLogin(app, 'darwin', false);
    expect(set).toEqual([{ openAtLogin: true }, { openAtLogin: false }]);
  });

  it('does nothing where Electron has no login items', () => {
    const { app, set } = loginItems({ openAtLogin: false });
    applyStartAtLogin(app, 'linux', true);
    expect(set).toEqual([]);
  });

  it('knows a start by the sign-in (then it stays in the tray) from one by the user', () => {
    expect(startedAtLogin(loginItems({ openAtLogin: true }).app, 'win32', ['Tandem.exe', AT_LOGIN_ARG])).toBe(true);
    expect(startedAtLogin(loginItems({ openAtLogin: true }).app, 'win32', ['Tandem.exe'])).toBe(false);
    expect(startedAtLogin(loginItems({ openAtLogin: true, wasOpenedAtLogin: true }).app, 'darwin', [])).toBe(true);
    expect(startedAtLogin(loginItems({ openAtLogin: true }).app, 'darwin', [])).toBe(false);
    expect(startedAtLogin(loginItems({ openAtLogin: true }).app, 'linux', [AT_LOGIN_ARG])).toBe(false);
  });
});
