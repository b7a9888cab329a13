import { generateKeyPairSync } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { groupCode } from '../../src-renderer/liveview/liveViewStore';
import { liveviewDe } from '../../src-renderer/liveview/i18n.de';
import { liveviewEn } from '../../src-renderer/liveview/i18n.en';
import { apiCaller } from '../support/apiCall';
import { deviceCaller } from '../support/deviceRequest';
import { ADA, admin, signIn } from './support/accounts';
import { noSeriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { FIRST_HOUR_WORDS } from './support/firstHourWords';

/**
 * LV-1 as a supporter lives it: Live View in the navigation (only with *liveview.view*), the
 * company's help sessions appearing as end users' devices ask for help through the real endpoint's
 * routes, turning idle, ending; the status filter, the search by tag; the empty state. Read by
 * roles and accessible names, axe on the way, in English and in German; and the same, live, in the
 * web console.
 */

const HELP = '/api/v1/devices/me/help-session';
const SAM = { email: 'sam@helpdesk.test', password: 'a long password', name: 'sam', company: ADA.company };
const NORA = { email: 'nora@helpdesk.test', password: 'a long password', name: 'nora', company: ADA.company };

const presence = (deviceName: string, tags: string[], status: 'active' | 'idle' = 'active') => ({
  status,
  foregroundApp: 'Excel',
  deviceName,
  os: { name: 'Windows', version: '11' },
  location: 'Berlin',
  tags,
});

/** Helpdesk Inc, set up as the README says, with Sam (Live View) and Nora (Insights only). */
async function helpdesk(cloudUrl: string) {
  const ada = await admin(cloudUrl);
  for (const [person, permissions] of [
    [SAM, ['liveview.view']],
    [NORA, ['insights.view']],
  ] as const) {
    const role = (await ada('POST', '/api/v1/admin/roles', { name: `Role of ${person.name}`, permissions }))!;
    await ada('POST', '/api/v1/admin/users', {
      email: person.email,
      name: person.name,
      password: person.password,
      roleId: role.id,
    });
  }
  let nextDevice = 200_000_001;
  /** An end user's computer of the company (registered, enrolled) asks for help: its signed calls and the ID. */
  const askForHelp = async (deviceName: string, tags: string[]) => {
    const deviceId = String(nextDevice++);
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const registered = await apiCaller(() => cloudUrl)('POST', '/api/v1/devices', {
      deviceId,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
      platform: 'win32',
      name: deviceName,
    });
    expect(registered.status).toBeLessThan(300);
    const call = deviceCaller(() => cloudUrl, deviceId, privateKey);
    const { token } = (await ada('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office' }))!;
    expect((await call('POST', '/api/v1/devices/me/enroll', { token })).status).toBe(200);
    const opened = await call('POST', HELP, {
      acknowledgement: { textVersion: 'lv-ack-1', acknowledgedAt: new Date().toISOString() },
      presence: presence(deviceName, tags),
    });
    expect(opened.status).toBe(200);
    return { call, code: opened.body!.code as string, tags };
  };
  return { askForHelp };
}

async function newPage(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

for (const [language, texts] of [
  ['en', liveviewEn.liveView],
  ['de', liveviewDe.liveView],
] as const) {
  const w = FIRST_HOUR_WORDS[language];
  test(`Live View (${language}): help sessions appear live, turn idle, are found by tag, end; then nobody is asking`, async ({
    browser,
    tandem,
  }) => {
    test.setTimeout(90_000);
    const { askForHelp } = await helpdesk(tandem.cloudUrl);
    const page = await newPage(browser, w.locale);
    await page.goto(tandem.pageUrl);
    const nav = page.getByRole('navigation');
    await nav.getByRole('button', { name: w.settings }).click();
    await page.getByRole('textbox', { name: w.email }).fill(SAM.email);
    await page.getByLabel(w.password, { exact: true }).fill(SAM.password);
    await page.getByRole('button', { name: w.signIn }).click();

    await nav.getByRole('button', { name: texts.title }).click();
    await expect(page.getByRole('heading', { level: 1, name: texts.title })).toBeVisible();
    await expect(page.getByRole('heading', { name: texts.emptyTitle })).toBeVisible();
    await expect(page.getByText(texts.emptyBody)).toBeVisible();
    await noSeriousViolations(page);

    const erika = await askForHelp('Erika-PC', ['erika@helpdesk.test', 'Accounting']);
    const max = await askForHelp('Max-PC', ['max@helpdesk.test', 'Sales']);
    const list = page.getByRole('list', { name: texts.list });
    const row = (deviceName: string) => list.getByRole('listitem').filter({ hasText: deviceName });
    await expect(row('Erika-PC')).toContainText(texts.status.active);
    await expect(row('Erika-PC')).toContainText(texts.code.replace('{{code}}', groupCode(erika.code)));
    await expect(row('Erika-PC')).toContainText(texts.openFor.lessThanMinute);
    await expect(row('Erika-PC')).toContainText('Accounting');
    await expect(row('Max-PC')).toContainText(texts.status.active);
    // Each row's Connect says whom it connects to.
    await expect(
      page.getByRole('button', {
        name: texts.connectTo.replace('{{name}}', 'Max-PC').replace('{{code}}', groupCode(max.code)),
      }),
    ).toBeVisible();
    await noSeriousViolations(page);

    // Max's computer has had no input for a while: the row says so, in words and colour.
    expect((await max.call('PUT', `${HELP}/presence`, presence('Max-PC', max.tags, 'idle'))).status).toBe(200);
    await expect(row('Max-PC')).toContainText(texts.status.idle);
    await page.getByRole('combobox', { name: texts.statusFilter }).selectOption('idle');
    await expect(row('Erika-PC')).toHaveCount(0);
    await expect(row('Max-PC')).toBeVisible();
    await page.getByRole('combobox', { name: texts.statusFilter }).selectOption('all');

    // A tag finds its help session, at once, whatever the case.
    const search = page.getByRole('searchbox', { name: texts.search });
    await search.fill('accounting');
    await expect(row('Max-PC')).toHaveCount(0);
    await expect(row('Erika-PC')).toBeVisible();
    await search.fill('');
    await expect(row('Max-PC')).toBeVisible();

    // Erika stops asking: her row goes; Max's ends too, and nobody is asking any more.
    expect((await erika.call('DELETE', HELP)).status).toBe(204);
    await expect(row('Erika-PC')).toHaveCount(0);
    await expect(row('Max-PC')).toBeVisible();
    expect((await max.call('DELETE', HELP)).status).toBe(204);
    await expect(page.getByRole('heading', { name: texts.emptyTitle })).toBeVisible();
    await noSeriousViolations(page);
  });
}

test('a supporter without liveview.view has no Live View in the navigation', async ({ page, tandem }) => {
  await helpdesk(tandem.cloudUrl);
  await page.goto(tandem.pageUrl);
  await signIn(page, NORA);
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('button', { name: 'Insights' })).toBeVisible();
  await expect(nav.getByRole('button', { name: liveviewEn.liveView.title })).toHaveCount(0);
});

test('the web console’s Live View is live too, over its own socket (allowed by the console’s CSP)', async ({
  page,
  tandem,
}) => {
  const texts = liveviewEn.liveView;
  const { askForHelp } = await helpdesk(tandem.cloudUrl);
  const refusedByPolicy: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) refusedByPolicy.push(message.text());
  });
  await page.goto(tandem.cloudUrl);
  await page.getByLabel('E-mail').fill(SAM.email);
  await page.getByLabel('Password', { exact: true }).fill(SAM.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: texts.title })).toBeVisible();
  await expect(page.getByRole('heading', { name: texts.emptyTitle })).toBeVisible();

  const erika = await askForHelp('Erika-PC', ['erika@helpdesk.test']);
  const row = page.getByRole('list', { name: texts.list }).getByRole('listitem').filter({ hasText: 'Erika-PC' });
  await expect(row).toContainText(groupCode(erika.code));
  await expect(row).toContainText(texts.status.active);
  // The console cannot connect: no Connect on its rows.
  await expect(row.getByRole('button')).toHaveCount(0);
  await noSeriousViolations(page);
  expect((await erika.call('PUT', `${HELP}/presence`, presence('Erika-PC', erika.tags, 'idle'))).status).toBe(200);
  await expect(row).toContainText(texts.status.idle);
  expect((await erika.call('DELETE', HELP)).status).toBe(204);
  await expect(page.getByRole('heading', { name: texts.emptyTitle })).toBeVisible();
  expect(refusedByPolicy).toEqual([]);
});
