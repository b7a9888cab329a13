import { DOMParser } from '@xmldom/xmldom';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build as buildPlist, parse as parsePlist } from 'plist';
import { describe, expect, it } from 'vitest';
import {
  configFromJson,
  configFromPlist,
  configFromRegExport,
  ManagedConfigError,
  mergeManaged,
  readManagedConfig,
  resolveManaged,
  startupChoices,
} from '../../../../../src-main/core/managed/managedConfig';
import { MANAGED_SETTINGS, managedConfigSchema } from '../../../../../src-shared/domain/managedConfig';
import { tempDir } from '../../../../support/tempDir';

const regExport = (name: string) => readFileSync(`tests/fixtures/managed/${name}`).toString('utf16le');
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

describe('managed configuration (DP-2)', () => {
  it('reads Windows policies from `reg export` files: strings, DWORDs, multi-strings, only the Tandem key', () => {
    const machine = configFromRegExport(regExport('hklm-export.reg'), 'HKLM\\SOFTWARE\\Policies\\Tandem');
    expect(machine).toEqual({
      cloudUrl: 'https://tandem.example.com',
      enrollmentToken: 'enrol-7d1f0c9a2b4e4f51a8c3',
      insightsLogging: 'denied',
      updateChannel: 'beta',
      allowUpdatePostpone: false,
      startAtLogin: true,
      enforced: ['insightsLogging', 'cloudUrl'],
    });
    const user = configFromRegExport(regExport('hkcu-export.reg'), 'HKCU\\SOFTWARE\\Policies\\Tandem');
    expect(user).toEqual({
      quickSupportModule: 'helpdesk-qs',
      cloudUrl: 'https://user-level.example.com',
      enforced: ['quickSupportModule'],
    });
    expect(configFromRegExport(regExport('hkcu-export.reg'), 'HKLM\\SOFTWARE\\Policies\\Tandem')).toBeNull();
    // The machine's policy wins over the user's for a setting both set; enforcement adds up.
    expect(mergeManaged([machine!, user!])).toEqual({
      ...machine,
      quickSupportModule: 'helpdesk-qs',
      enforced: ['insightsLogging', 'cloudUrl', 'quickSupportModule'],
    });
  });

  it('reads macOS managed preferences and the Linux policy file, and names a broken source', async () => {
    expect(configFromPlist(readFileSync('tests/fixtures/managed/org.tandem.desktop.plist', 'utf8'), 'fixture')).toEqual(
      {
        cloudUrl: 'https://tandem.example.com',
        insightsLogging: 'after_confirmation',
        allowUpdatePostpone: true,
        enforced: ['cloudUrl'],
      },
    );

    const dir = tempDir();
    try {
      const file = join(dir.path, 'policy.json');
      expect(await readManagedConfig({ platform: 'linux', linuxFile: file })).toEqual({
        config: { enforced: [] },
        sources: [],
      });
      writeFileSync(file, JSON.stringify({ insightsLogging: 'allowed', enforced: ['insightsLogging'] }));
      expect(await readManagedConfig({ platform: 'linux', linuxFile: file })).toEqual({
        config: { insightsLogging: 'allowed', enforced: ['insightsLogging'] },
        sources: [file],
      });
      writeFileSync(file, JSON.stringify({ insightsLogging: 'sometimes' }));
      await expect(readManagedConfig({ platform: 'linux', linuxFile: file })).rejects.toThrow(
        new RegExp(`The managed configuration in ${file} is invalid: insightsLogging`),
      );
      writeFileSync(file, '{ "cloudUrl": ');
      await expect(readManagedConfig({ platform: 'linux', linuxFile: file })).rejects.toBeInstanceOf(
        ManagedConfigError,
      );
      expect(() => configFromJson('{"enforced": ["everything"]}', 'x')).toThrow(/enforced/);
    } finally {
      dir.cleanup();
    }
  });

  it('applies the precedence: managed and enforced > the user’s choice > managed default > built-in', () => {
    const managed = managedConfigSchema.parse({
      insightsLogging: 'denied',
      updateChannel: 'beta',
      enforced: ['updateChannel'],
    });
    expect(resolveManaged('insightsLogging', managed, 'allowed', 'after_confirmation')).toEqual({
      value: 'allowed',
      source: 'user',
      locked: false,
    });
    expect(resolveManaged('insightsLogging', managed, null, 'after_confirmation')).toEqual({
      value: 'denied',
      source: 'managed',
      locked: false,
    });
    expect(resolveManaged('updateChannel', managed, 'stable', 'stable')).toEqual({
      value: 'beta',
      source: 'enforced',
      locked: true,
    });
    expect(resolveManaged('allowUpdatePostpone', managed, undefined, true)).toEqual({
      value: true,
      source: 'built-in',
      locked: false,
    });
    // An enforced setting without a value locks nothing.
    expect(
      resolveManaged(
        'insightsLogging',
        managedConfigSchema.parse({ enforced: ['insightsLogging'] }),
        'allowed',
        'after_confirmation',
      ),
    ).toMatchObject({ source: 'user' });
    expect(
      startupChoices(managedConfigSchema.parse({ cloudUrl: 'https://it.example.com', enforced: ['cloudUrl'] }), {
        cloudUrl: 'https://mine.example.com',
      }),
    ).toEqual({ cloudUrl: 'https://it.example.com', quickSupportModule: undefined });
    expect(
      startupChoices(managedConfigSchema.parse({ cloudUrl: 'https://it.example.com' }), {
        cloudUrl: 'https://mine.example.com',
      }),
    ).toMatchObject({ cloudUrl: 'https://mine.example.com' });
  });

  it('the samples in docs/deploy are valid for the code that reads them', () => {
    expect(configFromJson(readFileSync('docs/deploy/policy.json', 'utf8'), 'docs/deploy/policy.json').enforced).toEqual(
      ['cloudUrl', 'insightsLogging'],
    );
    const profile = parsePlist(readFileSync('docs/deploy/tandem.mobileconfig', 'utf8')) as {
      PayloadContent: Record<string, unknown>[];
    };
    const payload = profile.PayloadContent.find((item) => item.PayloadType === 'org.tandem.desktop')!;
    const settings = Object.fromEntries(Object.entries(payload).filter(([key]) => !key.startsWith('Payload')));
    expect(configFromPlist(buildPlist(settings as never), 'tandem.mobileconfig')).toMatchObject({
      cloudUrl: 'https://tandem.example.com',
      enforced: ['cloudUrl', 'insightsLogging'],
    });

    // The Group Policy template writes exactly the values the app reads, and both languages say everything.
    const errors: string[] = [];
    const parse = (file: string) => {
      const text = readFileSync(file, 'utf8');
      new DOMParser({
        onError: (level, message) => void (level !== 'warning' && errors.push(`${file}: ${message}`)),
      }).parseFromString(text, 'text/xml');
      return text;
    };
    const admx = parse('docs/deploy/tandem.admx');
    expect([...new Set([...admx.matchAll(/valueName="(\w+)"/g)].map((match) => match[1]))].sort()).toEqual(
      MANAGED_SETTINGS.map(pascal).concat('Enforced').sort(),
    );
    const strings = [...new Set([...admx.matchAll(/\$\(string\.(\w+)\)/g)].map((match) => match[1]!))];
    const presentations = [...new Set([...admx.matchAll(/\$\(presentation\.(\w+)\)/g)].map((match) => match[1]!))];
    for (const language of ['en-US', 'de-DE']) {
      const adml = parse(`docs/deploy/${language}/tandem.adml`);
      for (const id of strings) expect(adml, `${language} string ${id}`).toContain(`<string id="${id}">`);
      for (const id of presentations)
        expect(adml, `${language} presentation ${id}`).toContain(`<presentation id="${id}">`);
    }
    expect(errors).toEqual([]);
  });
});
