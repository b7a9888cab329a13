import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { de } from '../../../../src-renderer/i18n/de';
import { en } from '../../../../src-renderer/i18n/en';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const RENDERER = join(import.meta.dirname, '../../../../src-renderer');

/** Every feature folder's namespace pair (`<feature>/i18n.en.ts` + `i18n.de.ts`), found on disk. */
async function namespaces(): Promise<{ feature: string; en: Tree; de: Tree }[]> {
  const features = readdirSync(RENDERER, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(RENDERER, entry.name, 'i18n.en.ts')))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    features.map(async (feature) => {
      const english = (await import(join(RENDERER, feature, 'i18n.en.ts'))) as Record<string, Tree>;
      const german = (await import(join(RENDERER, feature, 'i18n.de.ts'))) as Record<string, Tree>;
      return { feature, en: english[`${feature}En`]!, de: german[`${feature}De`]! };
    }),
  );
}

const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();

describe('the UI catalogues', () => {
  const english = leaves(en as unknown as Tree);
  const german = leaves(de as unknown as Tree);

  it('have the same keys in English and German', () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('have no empty text', () => {
    for (const [key, text] of [...english, ...german]) expect(text.trim(), key).not.toBe('');
  });

  it('keep the same interpolation placeholders in both languages', () => {
    for (const [key, text] of english) expect(placeholders(german.get(key)!), key).toEqual(placeholders(text));
  });

  it('are really translated: German differs from English except for names and numbers', () => {
    const same = [...english].filter(([key, text]) => german.get(key) === text).map(([key]) => key);
    expect(same.sort()).toEqual(
      [
        'admin.title',
        'admin.plan.business',
        'admin.plan.premium',
        'admin.plan.corporate',
        'admin.plan.tensor',
        'nav.admin',
        'app.name',
        'insights.problem',
        // German help desks say "Problem" and "Supporter" too.
        'insights.editProblem',
        'insights.supporter',
        'insights.role.supporter',
        'insights.ticket',
        'update.title',
        'admin.integrations.webhooks',
        'admin.integrations.servicenow',
        'admin.integrations.salesforce',
        'admin.integrations.status',
        'admin.integrations.tokenName',
        // A key combination's name is the same on a German keyboard.
        'session.keys.altTab',
        // File format names are the same in German.
        'insights.export.format',
        'insights.export.formats.docx',
        'insights.export.formats.json',
        'insights.export.formats.markdown',
        'insights.export.formats.pdf',
        'insights.os.windows',
        'insights.os.macos',
        'insights.os.linux',
        'connect.placeholder',
        'insights.title',
        'language.de',
        'language.en',
        'nav.insights',
        'consent.title',
        'session.chat',
        'session.fileProgress',
        'settings.cloudProblem',
        'settings.displayName',
        'settings.version',
        // "Computer 123 456 789" and "Logo": the words are German too.
        'reports.toComputer',
        'admin.moduleLogo',
        // Live View is the feature's name in German too; status, ID and tags are what German help desks say.
        'nav.liveView',
        'liveView.title',
        'liveView.statusFilter',
        'liveView.sort.status',
        'liveView.sort.code',
        'liveView.code',
        'liveView.os',
        'liveView.tags',
        // "Supporter" and "Computer" are German words too, as German help desks write them.
        'admin.liveViewEvents.supporter',
        'admin.liveViewEvents.computer',
        // German help desks say online, offline and ID too.
        'computers.online',
        'computers.offline',
        'computers.id',
        // Video sessions: code, name, status and ticket are what German help desks say; Tandem is a name.
        'video.devices.code',
        'video.devices.name',
        'video.notice.ticket',
        'video.session.system',
        'video.sessions.status',
        'video.sessions.statusFilter',
        'video.tabs.tickets',
        'video.tickets.status',
        'video.tickets.title',
        // Screenshot and Text are German words too.
        'video.screenshots.heading',
        'video.screenshots.section',
        'video.screenshots.text',
      ].sort(),
    );
  });
});

describe("each feature's i18n namespace", () => {
  it('exists for the features with screens, and each pair exports `<feature>En` and `<feature>De`', async () => {
    const found = await namespaces();
    expect(found.map((ns) => ns.feature)).toEqual(
      expect.arrayContaining(['admin', 'host', 'insights', 'session', 'settings', 'shell']),
    );
    for (const ns of found) {
      expect(ns.en, `${ns.feature}/i18n.en.ts`).toBeTypeOf('object');
      expect(ns.de, `${ns.feature}/i18n.de.ts`).toBeTypeOf('object');
    }
  });

  it('has the same keys, no empty text and the same placeholders in English and German', async () => {
    for (const ns of await namespaces()) {
      const english = leaves(ns.en);
      const german = leaves(ns.de);
      expect([...german.keys()].sort(), ns.feature).toEqual([...english.keys()].sort());
      for (const [key, text] of [...english, ...german]) expect(text.trim(), `${ns.feature}: ${key}`).not.toBe('');
      for (const [key, text] of english)
        expect(placeholders(german.get(key)!), `${ns.feature}: ${key}`).toEqual(placeholders(text));
    }
  });

  it('owns its sections alone, and the catalogues are exactly the namespaces plus the error texts', async () => {
    const found = await namespaces();
    const owner = new Map<string, string>();
    for (const ns of found)
      for (const section of Object.keys(ns.en)) {
        expect(owner.get(section), `section '${section}' is in ${ns.feature} too`).toBeUndefined();
        owner.set(section, ns.feature);
      }
    // A namespace left out of en.ts/de.ts (or a section shadowed by another) would lose its texts.
    for (const [language, catalogue] of [
      ['en', en],
      ['de', de],
    ] as const) {
      const merged = leaves(catalogue as unknown as Tree);
      const fromNamespaces = new Map(found.flatMap((ns) => [...leaves(language === 'en' ? ns.en : ns.de)]));
      for (const [key, text] of fromNamespaces) expect(merged.get(key), `${language}: ${key}`).toBe(text);
      const rest = [...merged.keys()].filter((key) => !fromNamespaces.has(key));
      expect(
        rest.filter((key) => !key.startsWith('errors.')),
        language,
      ).toEqual([]);
    }
  });
});
