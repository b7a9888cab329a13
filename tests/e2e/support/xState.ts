import { execFileSync } from 'node:child_process';

/** What the X server itself says is held: keys by name, pointer buttons by number, Caps Lock. */
export interface XInputState {
  keys: string[];
  buttons: number[];
  capsLock: boolean;
  pointer: { x: number; y: number };
}

/**
 * Read through Xlib (XQueryKeymap, XQueryPointer) with Python's ctypes, so no extra X tool is
 * needed: libX11 is there wherever Xvfb and Chromium run.
 */
const QUERY = `
import ctypes, json
x = ctypes.cdll.LoadLibrary('libX11.so.6')
x.XOpenDisplay.restype = ctypes.c_void_p
x.XDefaultRootWindow.restype = ctypes.c_ulong
x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x.XQueryKeymap.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
x.XKeycodeToKeysym.restype = ctypes.c_ulong
x.XKeycodeToKeysym.argtypes = [ctypes.c_void_p, ctypes.c_ubyte, ctypes.c_int]
x.XKeysymToString.restype = ctypes.c_char_p
x.XKeysymToString.argtypes = [ctypes.c_ulong]
d = x.XOpenDisplay(None)
if not d:
    raise SystemExit('cannot open the display')
keymap = ctypes.create_string_buffer(32)
x.XQueryKeymap(d, keymap)
keys = []
for code in range(8, 256):
    if keymap.raw[code // 8] >> (code % 8) & 1:
        name = x.XKeysymToString(x.XKeycodeToKeysym(d, code, 0))
        keys.append(name.decode() if name else str(code))
root = x.XDefaultRootWindow(d)
r, c = ctypes.c_ulong(), ctypes.c_ulong()
rx, ry, wx, wy = ctypes.c_int(), ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
mask = ctypes.c_uint()
x.XQueryPointer.argtypes = [ctypes.c_void_p, ctypes.c_ulong] + [ctypes.c_void_p] * 7
x.XQueryPointer(d, root, ctypes.byref(r), ctypes.byref(c), ctypes.byref(rx), ctypes.byref(ry),
                ctypes.byref(wx), ctypes.byref(wy), ctypes.byref(mask))
buttons = [n for n in range(1, 6) if mask.value & (1 << (7 + n))]
print(json.dumps({'keys': keys, 'buttons': buttons, 'capsLock': bool(mask.value & 2),
                  'pointer': {'x': rx.value, 'y': ry.value}}))
`;

export function xInputState(display: string): XInputState {
  const out = execFileSync('python3', ['-c', QUERY], { env: { ...process.env, DISPLAY: display }, encoding: 'utf8' });
  return JSON.parse(out) as XInputState;
}
