import { describe, expect, it } from 'vitest';
import { videoPageDe } from '../../../../src-renderer/video/page/i18n.de';
import { videoPageEn } from '../../../../src-renderer/video/page/i18n.en';

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

const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();

/** The code user's page keeps its texts beside it (it loads no app catalogue): the same checks as the app's. */
describe('the code user’s video page texts', () => {
  const english = leaves(videoPageEn as unknown as Tree);
  const german = leaves(videoPageDe as unknown as Tree);

  it('have the same keys and placeholders in both languages, and no empty text', () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of english) {
      expect(text.trim(), key).not.toBe('');
      expect(german.get(key)!.trim(), key).not.toBe('');
      expect(placeholders(german.get(key)!), key).toEqual(placeholders(text));
    }
  });

  it('are really translated: German differs from English except where the word is the same', () => {
    const same = [...english].filter(([key, text]) => german.get(key) === text).map(([key]) => key);
    // "Ticket(s)", "optional" and "Service" are German words too; the device line is only names.
    expect(same.sort()).toEqual(
      [
        'home.deviceOf',
        'home.tickets',
        'request.ticket',
        'ticket.company',
        // Screenshot and Text are German words too.
        'screenshots.heading',
        'screenshots.section',
        'screenshots.text',
      ].sort(),
    );
  });
});
