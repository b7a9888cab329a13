import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parsePlist } from 'plist';
import { managedConfigSchema, type ManagedConfig, type ManagedSetting } from '../../../src-shared/domain/managedConfig';

const run = promisify(execFile);

export const REGISTRY_KEYS = ['HKLM\\SOFTWARE\\Policies\\Tandem', 'HKCU\\SOFTWARE\\Policies\\Tandem'] as const;
export const MAC_DOMAIN = 'org.tandem.desktop';
export const LINUX_POLICY_FILE = '/etc/tandem/policy.json';

export type RegistryValue = string | number | string[];

/**
 * The values of one key in a `reg export` file (REG_SZ, REG_EXPAND_SZ, REG_DWORD, REG_MULTI_SZ);
 * subkeys and other keys are ignored. Windows writes these files as UTF-16LE; pass the text.
 */
export function parseRegExport(text: string, key: string): Map<string, RegistryValue> {
  const values = new Map<string, RegistryValue>();
  // Long hex values continue on the next line after a trailing backslash.
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\\\r?\n\s*/g, '')
    .split(/\r?\n/);
  const wanted = key
    .replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\')
    .replace(/^HKCU\\/i, 'HKEY_CURRENT_USER\\')
    .toLowerCase();
  let inKey = false;
  for (const line of lines) {
    const section = /^\[(.+)\]$/.exec(line.trim());
    if (section) {
      inKey = section[1]!.toLowerCase() === wanted;
      continue;
    }
    if (!inKey) continue;
    const entry = /^"((?:[^"\\]|\\.)*)"=(.*)$/.exec(line.trim());
    if (!entry) continue;
    const name = entry[1]!.replace(/\\(.)/g, '$1');
    const raw = entry[2]!;
    if (raw.startsWith('"')) {
      values.set(name, raw.slice(1, -1).replace(/\\(.)/g, '$1'));
    } else if (raw.startsWith('dword:')) {
      values.set(name, Number.parseInt(raw.slice(6), 16));
    } else if (/^hex\((2|7)\):/.test(raw)) {
      const bytes = Buffer.from(
        raw
          .slice(raw.indexOf(':') + 1)
          .split(',')
          .filter(Boolean)
          .map((byte) => Number.parseInt(byte, 16)),
      );
      const decoded = bytes.toString('utf16le').replace(/\0+$/, '');
      values.set(name, raw.startsWith('hex(7)') ? decoded.split('\0').filter(Boolean) : decoded);
    }
  }
  return values;
}

/** The registry's and managed preferences' names (PascalCase) mapped onto the schema's. */
function fromNamedValues(values: Map<string, unknown> | Record<string, unknown>): unknown {
  const entries = values instanceof Map ? [...values] : Object.entries(values);
  const config: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    const key = name.charAt(0).toLowerCase() + name.slice(1);
    if (key === 'enforced') {
      const list = Array.isArray(value) ? value : String(value).split(/[,;\s]+/);
      config.enforced = list
        .map((item: unknown) => String(item).trim())
        .filter(Boolean)
        .map((item) => item.charAt(0).toLowerCase() + item.slice(1));
    } else if (key === 'tags' && !Array.isArray(value)) {
      // A single registry string (REG_SZ) lists its tags separated by semicolons.
      config[key] = String(value)
        .split(';')
        .map((tag) => tag.trim())
        .filter(Boolean);
    } else if (key === 'allowUpdatePostpone' || key === 'keepHelpSession' || key === 'startAtLogin') {
      config[key] = value === true || value === 1 || value === '1' || value === 'true';
    } else {
      config[key] = value;
    }
  }
  return config;
}

export class ManagedConfigError extends Error {}

/** Validates one source; a broken source is an error that names it, never a silent default. */
function validated(source: string, value: unknown): ManagedConfig {
  const parsed = managedConfigSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ManagedConfigError(`The managed configuration in ${source} is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

export function configFromRegExport(text: string, key: string): ManagedConfig | null {
  const values = parseRegExport(text, key);
  return values.size === 0 ? null : validated(key, fromNamedValues(values));
}

export function configFromPlist(xml: string, source: string): ManagedConfig {
  return validated(source, fromNamedValues(parsePlist(xml) as Record<string, unknown>));
}

export function configFromJson(text: string, source: string): ManagedConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ManagedConfigError(`The managed configuration in ${source} is not JSON: ${(error as Error).message}`);
  }
  return validated(source, value);
}

/** Several sources, the first winning per setting (machine before user); a setting enforced anywhere is enforced. */
export function mergeManaged(configs: readonly ManagedConfig[]): ManagedConfig {
  const merged: Record<string, unknown> = { enforced: [] as ManagedSetting[] };
  for (const config of [...configs].reverse()) Object.assign(merged, { ...config, enforced: merged.enforced });
  merged.enforced = [...new Set(configs.flatMap((config) => config.enforced))];
  return managedConfigSchema.parse(merged);
}

export interface ManagedSource {
  config: ManagedConfig;
  /** Where it came from, for the UI's "set by …" and the log. */
  sources: string[];
}

/** Reads what IT set on this computer: the registry, managed preferences or /etc/tandem/policy.json. */
export async function readManagedConfig(
  options: { platform?: NodeJS.Platform; linuxFile?: string } = {},
): Promise<ManagedSource> {
  const platform = options.platform ?? process.platform;
  const found: { config: ManagedConfig; source: string }[] = [];
  if (platform === 'win32') {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-policy-'));
    try {
      for (const key of REGISTRY_KEYS) {
        const file = join(dir, `${key.slice(0, 4)}.reg`);
        // `reg export` fails when the key does not exist: nothing is set there.
        const exported = await run('reg', ['export', key, file, '/y'], { windowsHide: true }).then(
          () => true,
          () => false,
        );
        if (!exported) continue;
        const config = configFromRegExport((await readFile(file)).toString('utf16le'), key);
        if (config) found.push({ config, source: key });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } else if (platform === 'darwin') {
    for (const file of [
      `/Library/Managed Preferences/${MAC_DOMAIN}.plist`,
      `/Library/Managed Preferences/${userInfo().username}/${MAC_DOMAIN}.plist`,
    ]) {
      const content = await readFile(file).catch(() => null);
      if (!content) continue;
      // Managed preferences are usually binary plists; plutil turns them into XML.
      const xml =
        content.subarray(0, 6).toString() === 'bplist'
          ? (await run('plutil', ['-convert', 'xml1', '-o', '-', file])).stdout
          : content.toString('utf8');
      found.push({ config: configFromPlist(xml, file), source: file });
    }
  } else {
    const file = options.linuxFile ?? LINUX_POLICY_FILE;
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text !== null) found.push({ config: configFromJson(text, file), source: file });
  }
  return { config: mergeManaged(found.map((entry) => entry.config)), sources: found.map((entry) => entry.source) };
}

export type SettingSource = 'enforced' | 'user' | 'managed' | 'built-in';

/** DP-2's precedence: managed and enforced > the user's choice > managed default > built-in. */
export function resolveManaged<K extends ManagedSetting>(
  key: K,
  managed: ManagedConfig,
  user: ManagedConfig[K] | null | undefined,
  builtIn: NonNullable<ManagedConfig[K]>,
): { value: NonNullable<ManagedConfig[K]>; source: SettingSource; locked: boolean } {
  const fromIt = managed[key];
  if (fromIt !== undefined && managed.enforced.includes(key))
    return { value: fromIt as NonNullable<ManagedConfig[K]>, source: 'enforced', locked: true };
  if (user !== null && user !== undefined)
    return { value: user as NonNullable<ManagedConfig[K]>, source: 'user', locked: false };
  if (fromIt !== undefined) return { value: fromIt as NonNullable<ManagedConfig[K]>, source: 'managed', locked: false };
  return { value: builtIn, source: 'built-in', locked: false };
}

/**
 * Where the endpoint and the QuickSupport module come from at start: IT's enforced setting, then
 * what the person starting Tandem passed (flag or environment), then IT's default.
 */
export function startupChoices(
  managed: ManagedConfig,
  given: { cloudUrl?: string | undefined; quickSupportModule?: string | undefined },
): { cloudUrl: string | undefined; quickSupportModule: string | undefined } {
  const pick = (key: 'cloudUrl' | 'quickSupportModule') =>
    managed.enforced.includes(key) && managed[key] ? managed[key] : (given[key] ?? managed[key]);
  return { cloudUrl: pick('cloudUrl'), quickSupportModule: pick('quickSupportModule') };
}
