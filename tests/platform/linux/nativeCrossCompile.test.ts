import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/tempDir';

/**
 * native/ for the systems this machine is not (scripts/native-cross.mjs): the Windows sources
 * become a real `.node` with MinGW-w64; the macOS sources are checked with clang against the Apple
 * signatures they use. A planted mistake in either fails the build.
 */

const cross = (...args: string[]) =>
  spawnSync(process.execPath, ['scripts/native-cross.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });

/** A copy of native/src with one file changed, as a careless edit would change it. */
function plant(dir: string, file: string, change: (source: string) => string): string {
  const src = join(dir, 'src');
  cpSync('native/src', src, { recursive: true });
  const path = join(src, file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
  return src;
}

describe('the native addon for Windows and macOS, built here', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  const dir = () => {
    const made = tempDir();
    dirs.push(made);
    return made.path;
  };
  afterEach(() => {
    for (const made of dirs.splice(0)) made.cleanup();
  });

  it('compiles the Windows sources into a 64-bit Windows DLL that Node can load', () => {
    const out = dir();
    const result = cross('windows', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);

    const addon = readFileSync(join(out, 'tandem_native.node'));
    expect(addon.subarray(0, 2).toString('latin1')).toBe('MZ');
    const pe = addon.readUInt32LE(0x3c);
    expect(addon.subarray(pe, pe + 4).toString('latin1')).toBe('PE\0\0');
    expect(addon.readUInt16LE(pe + 4)).toBe(0x8664); // IMAGE_FILE_MACHINE_AMD64
    expect(addon.readUInt16LE(pe + 22) & 0x2000).toBe(0x2000); // IMAGE_FILE_DLL

    const table = execFileSync('x86_64-w64-mingw32-objdump', ['-p', join(out, 'tandem_native.node')], {
      encoding: 'utf8',
    });
    // Node finds the module by this export, and resolves Node-API from the host executable.
    expect(table).toMatch(/\]\s+napi_register_module_v1/);
    const imports = table.split(/DLL Name: /).slice(1);
    const from = (dll: string) => imports.filter((block) => block.startsWith(dll)).join('\n');
    expect(from('node.exe')).toMatch(/napi_create_function/);
    expect(from('node.exe')).toMatch(/napi_module_register|napi_create_reference/);
    expect(from('USER32.dll')).toMatch(/SendInput/);
    expect(from('USER32.dll')).toMatch(/GetForegroundWindow/);
    // Nothing a Windows machine would lack: no MinGW runtime DLLs to ship beside it.
    expect([...new Set(imports.map((block) => block.split('\n')[0]!.trim()))].sort()).toEqual([
      'KERNEL32.dll',
      'USER32.dll',
      'msvcrt.dll',
      'node.exe',
    ]);
  });

  it('fails on a planted mistake in a Windows source, naming the file', () => {
    const work = dir();
    const src = plant(work, 'unicode_win.cc', (source) => source.replace('SendInput(', 'SendInputs('));
    const result = cross('windows', '--out', join(work, 'out'), '--src', src);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unicode_win\.cc:\d+:\d+: error: .*SendInputs/);
  });

  it('treats a warning in a Windows source as an error', () => {
    const work = dir();
    const src = plant(work, 'foreground_win.cc', (source) =>
      source.replace('HWND window = GetForegroundWindow();', 'HWND window = GetForegroundWindow();\n  int unused = 0;'),
    );
    const result = cross('windows', '--out', join(work, 'out'), '--src', src);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/foreground_win\.cc:\d+:\d+: error: unused variable/);
  });

  it('checks the macOS sources against the Apple signatures they use', () => {
    const result = cross('macos');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('fails on a planted type mistake in a macOS source, naming the file', () => {
    const work = dir();
    const src = plant(work, 'unicode_mac.cc', (source) =>
      source.replace('CGEventPost(kCGHIDEventTap, down);', 'CGEventPost(down, kCGHIDEventTap);'),
    );
    const result = cross('macos', '--src', src);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unicode_mac\.cc:\d+:\d+: error: .*CGEventPost/);
  });
});
