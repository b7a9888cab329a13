// Tandem's layering, as a lint rule (like VS Code's `code-import-patterns`): each source folder
// says which folders and packages it may import. This table mirrors ARCHITECTURE.md's
// "may import" column; change both together.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ANY = '*';
const NODE_BUILTINS = new Set(builtinModules);

/** Order matters: the first folder that contains a file is its layer. */
export const LAYERS = [
  { dir: 'src-shared', folders: ['src-shared'], packages: ['zod'], node: false },
  {
    dir: 'src-main/core',
    folders: ['src-shared', 'src-main/core', 'package.json'],
    packages: ANY,
    node: true,
    electron: false,
  },
  // The two process entry points may embed the cloud endpoint on loopback (desktop and browser mode).
  {
    dir: 'src-main/electron',
    folders: ['src-shared', 'src-main/core', 'src-main/electron', 'server'],
    packages: ANY,
    node: true,
    electron: true,
  },
  {
    dir: 'src-main/bridge',
    folders: ['src-shared', 'src-main/core', 'src-main/bridge', 'server'],
    packages: ANY,
    node: true,
    electron: false,
  },
  { dir: 'src-preload', folders: ['src-shared', 'src-preload'], packages: ['electron'], node: false, electron: true },
  {
    dir: 'src-renderer',
    folders: ['src-shared', 'src-renderer'],
    packages: [
      'react',
      'react-dom',
      'zustand',
      'i18next',
      'react-i18next',
      'zod',
      'simple-peer',
      '@noble/hashes',
      '@tanstack/react-virtual',
      'yjs',
      // Tracking (VS-6): loaded only in its worker (src-renderer/video/tools/tracking/).
      '@techstark/opencv-js',
    ],
    node: false,
  },
  { dir: 'server', folders: ['src-shared', 'server', 'package.json'], packages: ANY, node: true, electron: false },
];

function layerOf(repoPath) {
  return LAYERS.find((layer) => repoPath === layer.dir || repoPath.startsWith(`${layer.dir}/`));
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function toRepoPath(absolute) {
  return relative(ROOT, absolute).split(sep).join('/');
}

function violation(layer, fromFile, specifier) {
  if (specifier.startsWith('.')) {
    const target = toRepoPath(resolve(dirname(fromFile), specifier));
    const allowed = layer.folders.some((folder) => target === folder || target.startsWith(`${folder}/`));
    return allowed ? null : `${layer.dir} may not import ${target} (allowed: ${layer.folders.join(', ')})`;
  }
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  const name = packageName(bare);
  if (name === 'electron') {
    return layer.electron ? null : `${layer.dir} may not import electron (only src-main/electron and src-preload may)`;
  }
  if (specifier.startsWith('node:') || NODE_BUILTINS.has(name)) {
    return layer.node ? null : `${layer.dir} may not import Node's "${name}" (it does not run in Node)`;
  }
  if (layer.packages === ANY || layer.packages.includes(name)) return null;
  return `${layer.dir} may not import the package "${name}" (allowed: ${layer.packages.join(', ')})`;
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import boundaries between Tandem’s layers (ARCHITECTURE.md).' },
    schema: [],
    messages: { wrongLayer: 'Layer violation: {{detail}}.' },
  },
  create(context) {
    const file = context.filename;
    const layer = layerOf(toRepoPath(file));
    if (!layer) return {};
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const detail = violation(layer, file, source.value);
      if (detail) context.report({ node, messageId: 'wrongLayer', data: { detail } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
      CallExpression: (node) => {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        ) {
          check(node, node.arguments[0]);
        }
      },
    };
  },
};

export default { rules: { layers: layersRule } };
