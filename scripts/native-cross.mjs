// Compiles native/ for the systems this machine is not: a real Windows `.node` with Debian's
// MinGW-w64, and a syntax-and-types check of the macOS sources with clang against the few Apple
// signatures they use (tests/native/macos-sdk-stub). Warnings are errors on both.
//
//   node scripts/native-cross.mjs windows --out DIR [--src DIR]   → DIR/tandem_native.node
//   node scripts/native-cross.mjs macos [--src DIR]
//
// Exits 0 on success; otherwise prints the compiler's messages and exits 1 (2 for a missing tool).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' }, src: { type: 'string' } },
});
const target = positionals[0];
const src = resolve(values.src ?? join(root, 'native', 'src'));
const napiHeaders = require('node-api-headers');
const addonApi = dirname(require.resolve('node-addon-api/package.json'));
// The same defines as native/binding.gyp, so what is checked here is what node-gyp builds there.
const DEFINES = ['-DNAPI_VERSION=8', '-DNAPI_DISABLE_CPP_EXCEPTIONS'];
const WARNINGS = ['-Wall', '-Wextra', '-Werror'];

function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error?.code === 'ENOENT') {
    process.stderr.write(`${command} is not installed. Debian: apt-get install ${TOOLS[command] ?? command}\n`);
    process.exit(2);
  }
  if (result.status !== 0) {
    process.stderr.write(result.stderr || result.stdout || `${command} failed\n`);
    process.exit(1);
  }
}

const TOOLS = {
  'x86_64-w64-mingw32-g++-posix': 'g++-mingw-w64-x86-64-posix',
  'x86_64-w64-mingw32-dlltool': 'binutils-mingw-w64-x86-64',
  'clang++': 'clang',
};

if (target === 'windows') {
  if (!values.out) throw new Error('windows needs --out DIR');
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  // Import libraries for the Node-API functions, which the host executable exports. node.exe is
  // the name node-gyp links against too; Electron resolves it to itself with its load hook.
  const libraries = Object.entries(napiHeaders.def_paths).map(([name, def]) => {
    const library = join(out, `${name}.a`);
    run('x86_64-w64-mingw32-dlltool', ['-d', def, '-l', library, '-D', 'node.exe']);
    return library;
  });
  run('x86_64-w64-mingw32-g++-posix', [
    '-std=c++17',
    '-shared',
    // No MinGW runtime DLLs to ship: libgcc, libstdc++ and winpthread go inside the addon.
    '-static',
    '-O2',
    '-s',
    ...WARNINGS,
    ...DEFINES,
    `-I${napiHeaders.include_dir}`,
    `-I${addonApi}`,
    join(src, 'addon.cc'),
    join(src, 'unicode_win.cc'),
    join(src, 'foreground_win.cc'),
    '-o',
    join(out, 'tandem_native.node'),
    ...libraries,
    '-luser32',
  ]);
  process.stdout.write(`${join(out, 'tandem_native.node')}\n`);
} else if (target === 'macos') {
  run('clang++', [
    '-std=c++17',
    '-fsyntax-only',
    ...WARNINGS,
    ...DEFINES,
    `-I${join(root, 'tests', 'native', 'macos-sdk-stub')}`,
    join(src, 'unicode_mac.cc'),
    join(src, 'foreground_mac.cc'),
  ]);
} else {
  process.stderr.write('Usage: node scripts/native-cross.mjs windows --out DIR [--src DIR] | macos [--src DIR]\n');
  process.exit(2);
}
