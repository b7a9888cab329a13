import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'tandem/layers').map((m) => m.message);
}

describe('the layering lint rule', () => {
  it.each([
    ['src-main/core/planted.ts', "import { app } from 'electron';\nexport const a = app;\n", /may not import electron/],
    [
      'src-main/core/planted.ts',
      "import { createMainWindow } from '../electron/mainWindow';\nexport const a = createMainWindow;\n",
      /may not import src-main\/electron/,
    ],
    [
      'src-renderer/planted.ts',
      "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n",
      /Node's "fs"/,
    ],
    ['src-renderer/planted.ts', "import path from 'path';\nexport const a = path;\n", /Node's "path"/],
    [
      'src-renderer/planted.ts',
      "import { createCore } from '../src-main/core/core';\nexport const a = createCore;\n",
      /may not import src-main\/core/,
    ],
    [
      'src-renderer/planted.ts',
      "import Database from 'better-sqlite3';\nexport const a = Database;\n",
      /package "better-sqlite3"/,
    ],
    [
      'server/planted.ts',
      "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n",
      /may not import electron/,
    ],
    ['src-main/bridge/planted.ts', "export const a = require('electron');\n", /may not import electron/],
    ['src-shared/planted.ts', "import { pino } from 'pino';\nexport const a = pino;\n", /package "pino"/],
    ['src-shared/planted.ts', "export { createCore } from '../src-main/core/core';\n", /may not import src-main/],
    [
      'src-preload/planted.ts',
      "import { createCore } from '../src-main/core/core';\nexport const a = createCore;\n",
      /src-main/,
    ],
  ])('fails on a planted wrong import in %s', async (filePath, code, expected) => {
    const errors = await layerErrors(filePath, code);
    expect(errors.join('\n')).toMatch(expected);
  });

  it.each([
    [
      'src-main/core/planted.ts',
      "import { z } from 'zod';\nimport { join } from 'node:path';\nexport const a = [z, join];\n",
    ],
    [
      'src-main/electron/planted.ts',
      "import { app } from 'electron';\nimport { startServer } from '../../server/app';\nexport const a = [app, startServer];\n",
    ],
    [
      'src-renderer/planted.ts',
      "import { create } from 'zustand';\nimport { ipcChannels } from '../src-shared/ipc/contract';\nexport const a = [create, ipcChannels];\n",
    ],
    ['src-preload/planted.ts', "import { contextBridge } from 'electron';\nexport const a = contextBridge;\n"],
  ])('accepts an allowed import in %s', async (filePath, code) => {
    expect(await layerErrors(filePath, code)).toEqual([]);
  });
});
