import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { tempDir } from '../support/tempDir';
import { admin, type AdminCall } from './support/accounts';
import { noSeriousViolations } from './support/axe';
import { Stage, expect, test } from './support/fixtures';

/** The words of one language for the end user's Get help. */
const WORDS = {
  en: {
    getHelp: 'Get help',
    panel: 'Before you ask for help',
    yourName: 'Your name (optional)',
    understand: 'I understand',
    start: 'Ask for help',
    copy: 'Copy help session ID',
    copied: 'Copied to the clipboard',
    stop: 'Stop asking for help',
    stopped: 'You are no longer asking for help.',
  },
  de: {
    getHelp: 'Hilfe anfordern',
    panel: 'Bevor Sie Hilfe anfordern',
    yourName: 'Ihr Name (optional)',
    understand: 'Ich habe verstanden',
    start: 'Jetzt Hilfe anfordern',
    copy: 'Hilfesitzungs-ID kopieren',
    copied: 'In die Zwischenablage kopiert',
    stop: 'Keine Hilfe mehr anfordern',
    stopped: 'Sie fordern keine Hilfe mehr an.',
  },
} as const;

/** The company's open help sessions, as its supporters' Live View lists them. */
const helpSessions = async (ada: AdminCall) =>
  (await ada('GET', '/api/v1/liveview/help-sessions'))!.helpSessions as {
    code: string;
    yourName: string | null;
    tags: string[];
  }[];

/** The end user asks for help, sees the grouped ID, copies it, and stops; a supporter sees it meanwhile. */
async function askForHelpAndStop(
  page: Page,
  ada: AdminCall,
  words: Record<keyof (typeof WORDS)['en'], string>,
  yourName: string,
  tags: string[] = ['Finance'],
) {
  await page.getByRole('button', { name: words.getHelp, exact: true }).click();
  await expect(page.getByRole('heading', { name: words.panel })).toBeVisible();
  const start = page.getByRole('button', { name: words.start, exact: true });
  await expect(start).toBeDisabled();
  await noSeriousViolations(page);
  await page.getByLabel(words.yourName).fill(yourName);
  await page.getByRole('checkbox', { name: words.understand }).check();
  await start.click();

  const shown = page.getByTestId('help-code');
  await expect(shown).toHaveText(/^\d{3} \d{3} \d{3}$/);
  const code = (await shown.textContent())!.replace(/ /g, '');
  expect(await helpSessions(ada)).toEqual([
    expect.objectContaining({ code, yourName, tags: expect.arrayContaining([...tags, yourName]) }),
  ]);
  await noSeriousViolations(page);

  await page.getByRole('button', { name: words.copy }).click();
  await expect(page.getByText(words.copied)).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

  await page.getByRole('button', { name: words.stop }).click();
  await expect(page.getByText(words.stopped)).toBeVisible();
  expect(await helpSessions(ada)).toEqual([]);
  await expect(page.getByRole('button', { name: words.getHelp, exact: true })).toBeVisible();
}

/** A computer enrolled in Helpdesk Inc with IT's token (tag *Finance*), started with `args`. */
async function enrolledApp(stage: Stage, dir: string, ada: AdminCall, cloudUrl: string, args: string[] = []) {
  const { token } = (await ada('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office PCs' })) as { token: string };
  const config = join(dir, 'policy.json');
  writeFileSync(config, JSON.stringify({ enrollmentToken: token, tags: ['Finance'] }));
  const app = await stage.app(cloudUrl, {}, "end user's tandem", ['--managed-config', config, ...args]);
  // IT's token enrols the computer in the company (asking for help needs a company).
  await expect
    .poll(async () => ((await ada('GET', '/api/v1/admin/devices'))!.devices as unknown[]).length, { timeout: 15_000 })
    .toBe(1);
  return app;
}

test('Get help: the end user acknowledges, reads out the grouped ID, copies it and stops, in English and German', async ({
  page,
  context,
}) => {
  const stage = new Stage();
  const dir = tempDir();
  try {
    const cloud = await stage.cloud();
    const ada = await admin(cloud.url);
    const app = await enrolledApp(stage, dir.path, ada, cloud.url);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.pageUrl).origin });

    await page.goto(app.pageUrl);
    await askForHelpAndStop(page, ada, WORDS.en, 'Erika Muster');

    // Keep session is the end user's setting (IT may lock it), kept across a reload.
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    const keep = page.getByRole('checkbox', {
      name: 'Keep asking for help after Tandem restarts (same help session ID)',
    });
    await expect(keep).not.toBeChecked();
    await keep.check();
    await page.reload();
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await expect(keep).toBeChecked();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await page.getByRole('navigation').getByRole('button', { name: 'Fernsupport erlauben' }).click();
    await askForHelpAndStop(page, ada, WORDS.de, 'Erika Mustermann');
  } finally {
    await stage.stop();
    dir.cleanup();
  }
});

test('a QuickSupport module shows Get help too, and its name is a tag the supporter sees', async ({
  page,
  context,
}) => {
  const stage = new Stage();
  const dir = tempDir();
  try {
    const cloud = await stage.cloud();
    const ada = await admin(cloud.url);
    const module = (await ada('POST', '/api/v1/admin/quicksupport-modules', {
      name: 'Helpdesk QuickSupport',
      logo: null,
      welcomeText: 'Welcome to Helpdesk Inc support',
      insightsEnabled: false,
    }))!.id as string;
    const app = await enrolledApp(stage, dir.path, ada, cloud.url, ['--module', module]);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.pageUrl).origin });

    await page.goto(app.pageUrl);
    await expect(page.getByText('Welcome to Helpdesk Inc support')).toBeVisible();
    await askForHelpAndStop(page, ada, WORDS.en, 'Erika Muster', ['Helpdesk QuickSupport', 'Finance']);
  } finally {
    await stage.stop();
    dir.cleanup();
  }
});
