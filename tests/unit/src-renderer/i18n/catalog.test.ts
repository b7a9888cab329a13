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
    const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
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
      ].sort(),
    );
  });
});
