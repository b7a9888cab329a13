import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { computersDe } from '../../src-renderer/computers/i18n.de';
import { computersEn } from '../../src-renderer/computers/i18n.en';
import { sessionDe } from '../../src-renderer/session/i18n.de';
import { sessionEn } from '../../src-renderer/session/i18n.en';
import type { Computer } from '../../src-shared/computers/contract';
import { formatDeviceId } from '../../src-shared/domain/device';
import { tempDir } from '../support/tempDir';
import { ADA, admin, apiAs, type AdminCall } from './support/accounts';
import { noSeriousViolations } from './support/axe';
import { expect, Stage, test, type TandemApp } from './support/fixtures';
import { FIRST_HOUR_WORDS } from './support/firstHourWords';

/**
 * Computers (issue 15, item 7) as a help desk lives it: the company's computers in the
 * navigation only with *computers.view*, each online or offline, with its grouped ID, OS, last
 * seen, policy and whether it takes unattended access, going offline live; found by policy and by ID; Connect opens
 * the Connect screen with the ID filled in. Real apps enrolled with IT's token, read by roles and
 * accessible names, axe on the way, in English and in German; the web console lists them too, live.
 */

const SAM = { email: 'sam@helpdesk.test', password: 'a long password', name: 'Sam', company: ADA.company };
const NORA = { email: 'nora@helpdesk.test', password: 'a long password', name: 'Nora', company: ADA.company };

/** Helpdesk Inc with Sam (Computers) and Nora (Live View only), and two computers enrolled with IT's token. */
async function helpdesk(stage: Stage, dir: string) {
  const cloud = await stage.cloud();
  const ada = await admin(cloud.url);
  for (const [person, permissions] of [
    [SAM, ['computers.view']],
    [NORA, ['liveview.view']],
  ] as const) {
    const role = (await ada('POST', '/api/v1/admin/roles', { name: `Role of ${person.name}`, permissions }))!;
    await ada('POST', '/api/v1/admin/users', { ...person, roleId: role.id });
  }
  const { token } = (await ada('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office PCs' })) as { token: string };
  const config = join(dir, 'policy.json');
  writeFileSync(config, JSON.stringify({ enrollmentToken: token }));
  const frontDesk = await stage.app(cloud.url, {}, 'front desk tandem', ['--managed-config', config]);
  const server = await stage.app(cloud.url, {}, 'server tandem', ['--managed-config', config]);
  await expect
    .poll(async () => ((await ada('GET', '/api/v1/admin/devices'))!.devices as unknown[]).length, { timeout: 15_000 })
    .toBe(2);
  return { cloud, ada, frontDesk, server, supporter: await stage.app(cloud.url, {}, "Sam's tandem") };
}

async function newPage(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

/** The ID a computer's own window shows, as digits. */
async function deviceIdOf(page: Page, app: TandemApp): Promise<string> {
  await page.goto(app.pageUrl);
  await expect(page.getByTestId('device-id')).toHaveText(/^\d{3} \d{3} \d{3}$/);
  return (await page.getByTestId('device-id').textContent())!.replace(/ /g, '');
}

/**
 * The server's user turns unattended access on, IT gives the front desk its policy; both reach the
 * endpoint (read through Sam's API) before Sam looks.
 */
async function prepareComputers(
  browser: Browser,
  ada: AdminCall,
  cloudUrl: string,
  apps: Record<'frontDesk' | 'server', TandemApp>,
) {
  const page = await newPage(browser, 'en-US');
  const frontDeskId = await deviceIdOf(page, apps.frontDesk);
  const serverId = await deviceIdOf(page, apps.server);
  await page.getByLabel('Permanent password').fill('a long permanent password');
  await page.getByRole('button', { name: 'Set permanent password' }).click();
  await expect(page.getByText('Unattended access is on.')).toBeVisible();
  await page.context().close();

  const policy = (await ada('POST', '/api/v1/admin/policies', { name: 'Front Desk', settings: {} }))!;
  await ada('PUT', `/api/v1/admin/devices/${frontDeskId}/policy`, { policyId: policy.id });
  const sam = await apiAs(cloudUrl, SAM.email, SAM.password);
  const listed = async () => ((await sam('GET', '/api/v1/computers'))!.computers as Computer[]) ?? [];
  await expect
    .poll(async () =>
      (await listed())
        .filter((c) => c.deviceId === frontDeskId || c.deviceId === serverId)
        .map((c) => [c.deviceId, c.online, c.unattended, c.policyName])
        .sort(),
    )
    .toEqual(
      [
        [frontDeskId, true, false, 'Front Desk'],
        [serverId, true, true, null],
      ].sort(),
    );
  const name = (await listed()).find((c) => c.deviceId === serverId)!.name;
  return { frontDeskId, serverId, name };
}

for (const [language, texts, connect] of [
  ['en', computersEn.computers, sessionEn.connect],
  ['de', computersDe.computers, sessionDe.connect],
] as const) {
  const w = FIRST_HOUR_WORDS[language];
  test(`Computers (${language}): the company's computers with their state, found by policy and ID, one goes offline, Connect fills in its ID`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const stage = new Stage();
    const dir = tempDir();
    try {
      const { cloud, ada, frontDesk, server, supporter } = await helpdesk(stage, dir.path);
      const { frontDeskId, serverId, name } = await prepareComputers(browser, ada, cloud.url, { frontDesk, server });

      const page = await newPage(browser, w.locale);
      await page.goto(supporter.pageUrl);
      const nav = page.getByRole('navigation');
      await expect(nav.getByRole('button', { name: texts.title })).toHaveCount(0);
      await nav.getByRole('button', { name: w.settings }).click();
      await page.getByRole('textbox', { name: w.email }).fill(SAM.email);
      await page.getByLabel(w.password, { exact: true }).fill(SAM.password);
      await page.getByRole('button', { name: w.signIn }).click();

      await nav.getByRole('button', { name: texts.title }).click();
      await expect(page.getByRole('heading', { level: 1, name: texts.title })).toBeVisible();
      const list = page.getByRole('list', { name: texts.list });
      const row = (deviceId: string) =>
        list.getByRole('listitem').filter({ hasText: texts.id.replace('{{id}}', formatDeviceId(deviceId)) });
      await expect(row(serverId)).toContainText(texts.online);
      await expect(row(serverId)).toContainText(texts.unattended.on);
      await expect(row(serverId)).toContainText(texts.noPolicy);
      await expect(row(serverId)).toContainText('Linux');
      await expect(row(frontDeskId)).toContainText(texts.online);
      await expect(row(frontDeskId)).toContainText(texts.unattended.off);
      await expect(row(frontDeskId)).toContainText(texts.policy.replace('{{name}}', 'Front Desk'));
      await noSeriousViolations(page);

      // The policy finds the front desk, whatever the case; its ID as people read it finds the server.
      const search = page.getByRole('searchbox', { name: texts.search });
      await search.fill('front desk');
      await expect(row(serverId)).toHaveCount(0);
      await expect(row(frontDeskId)).toBeVisible();
      await search.fill(formatDeviceId(serverId));
      await expect(row(frontDeskId)).toHaveCount(0);
      await expect(row(serverId)).toBeVisible();
      await search.fill('');
      await expect(row(frontDeskId)).toBeVisible();

      // The front desk's Tandem is closed: its row turns offline by itself (pushed, nothing asked), and the filter finds it there.
      await frontDesk.stop();
      await expect(row(frontDeskId)).toContainText(texts.offline);
      await expect(row(serverId)).toContainText(texts.online);
      const filter = page.getByRole('combobox', { name: texts.onlineFilter });
      await filter.selectOption('offline');
      await expect(row(frontDeskId)).toContainText(texts.offline);
      await expect(row(serverId)).toHaveCount(0);
      await filter.selectOption('online');
      await expect(row(frontDeskId)).toHaveCount(0);
      await expect(row(serverId)).toContainText(texts.online);
      await noSeriousViolations(page);

      // Connect: the Connect screen with the server's ID filled in, saying which password it takes.
      await page
        .getByRole('button', {
          name: texts.connectTo.replace('{{name}}', name).replace('{{id}}', formatDeviceId(serverId)),
        })
        .click();
      await expect(page.getByRole('heading', { level: 1, name: connect.title })).toBeVisible();
      await expect(page.getByRole('textbox', { name: connect.partnerId })).toHaveValue(formatDeviceId(serverId));
      await expect(page.getByLabel(connect.password, { exact: true })).toHaveAccessibleDescription(
        connect.prefilled.unattended.replace('{{name}}', name),
      );
      await noSeriousViolations(page);
    } finally {
      await stage.stop();
      dir.cleanup();
    }
  });
}

test('without computers.view there is no Computers; the web console lists the computers without Connect, live', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const stage = new Stage();
  const dir = tempDir();
  try {
    const { cloud, frontDesk, supporter } = await helpdesk(stage, dir.path);
    const page = await newPage(browser, 'en-US');
    const frontDeskId = await deviceIdOf(page, frontDesk);

    await page.goto(supporter.pageUrl);
    const nav = page.getByRole('navigation');
    await nav.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('E-mail').fill(NORA.email);
    await page.getByLabel('Password', { exact: true }).fill(NORA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(nav.getByRole('button', { name: 'Live View' })).toBeVisible();
    await expect(nav.getByRole('button', { name: computersEn.computers.title })).toHaveCount(0);

    await page.goto(cloud.url);
    await page.getByLabel('E-mail').fill(SAM.email);
    await page.getByLabel('Password', { exact: true }).fill(SAM.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: computersEn.computers.title })).toBeVisible();
    const row = page
      .getByRole('list', { name: computersEn.computers.list })
      .getByRole('listitem')
      .filter({ hasText: `ID ${formatDeviceId(frontDeskId)}` });
    await expect(row).toContainText(computersEn.computers.online);
    await expect(row.getByRole('button')).toHaveCount(0);
    await noSeriousViolations(page);
    // The front desk's Tandem is closed: the console's row turns offline by itself, over the console's own socket.
    await frontDesk.stop();
    await expect(row).toContainText(computersEn.computers.offline);
  } finally {
    await stage.stop();
    dir.cleanup();
  }
});
