import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml (DP-1)', () => {
  it('is valid against electron-builder’s own schema', () => {
    const schema = JSON.parse(readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
    // The same check refuses what electron-builder would refuse.
    expect(validate({ ...config, nsis: { oneClick: 'sometimes' } })).toBe(false);
    expect(validate({ ...config, notAnOption: true })).toBe(false);
  });

  it('hardens what it ships and keeps every secret out of the repository', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    const text = readFileSync('electron-builder.yml', 'utf8');
    for (const secret of ['cscLink', 'cscKeyPassword', 'appleIdPassword', 'certificatePassword', 'password:'])
      expect(text).not.toContain(secret);
    expect((config.mac as { hardenedRuntime: boolean; notarize: boolean }).hardenedRuntime).toBe(true);
    const entitlements = readFileSync((config.mac as { entitlements: string }).entitlements, 'utf8');
    for (const entitlement of ['com.apple.security.device.camera', 'com.apple.security.device.audio-input'])
      expect(entitlements).toContain(entitlement);
  });
});
