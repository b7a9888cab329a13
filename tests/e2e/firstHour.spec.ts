import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Download, Locator, Page } from '@playwright/test';
import { NEVER_LOGGED } from '../../src-shared/consent/neverLogged';
import { ADA, admin } from './support/accounts';
import { noSeriousViolations } from './support/axe';
import { Stage, expect, test } from './support/fixtures';
import { FIRST_HOUR_WORDS, type FirstHourWords } from './support/firstHourWords';

/**
 * Issue 13's story, as a new user lives it with the README in hand — by what the screen says and
 * what a screen reader announces (roles and accessible names), never by test IDs or CSS: the
 * company set up on its endpoint as the README says, the supporter's Tandem pointed at it from
 * Settings, a connection with both prompts, a viewer that fills the window, chat, a file each way
 * saved after the session ended, and the summary — truthful about the outcome — edited, exported
 * and deleted. axe checks every screen on the way. Once in English and once in German, each
 * following the browser's language as a first start does.
 */
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function saved(download: Promise<Download>): Promise<Buffer> {
  return readFile((await (await download).path())!);
}

async function newPage(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

const nav = (page: Page, name: string): Locator => page.getByRole('navigation').getByRole('button', { name });

test.use({ actionTimeout: 15_000 });

for (const [language, w] of Object.entries(FIRST_HOUR_WORDS) as [string, FirstHourWords][]) {
  test(`first hour (${language}): README set-up, sign-in from browser mode, a session, its summary`, async ({
    browser,
    xvfb,
  }, testInfo) => {
    test.setTimeout(180_000);
    const stage = new Stage();
    try {
      // The README: start the endpoint, create the company with the one-time setup token.
      const company = await stage.cloud();
      await admin(company.url);
      // The supporter starts Tandem without naming an endpoint; IT pointed the end user's at the company's.
      const supporterApp = await stage.app(null, {}, "Ada's tandem");
      const hostApp = await stage.app(company.url, { DISPLAY: xvfb.display }, "end user's tandem");
      const ada = await newPage(browser, w.locale);
      const endUser = await newPage(browser, w.locale);
      await ada.goto(supporterApp.pageUrl);
      await endUser.goto(hostApp.pageUrl);

      // Settings → Company account: the built-in endpoint is named as such; the company's is entered.
      await nav(ada, w.settings).click();
      await expect(ada.getByText(w.builtInEndpoint)).toBeVisible();
      await noSeriousViolations(ada);
      await ada.getByRole('textbox', { name: w.endpointAddress }).fill(company.url);
      await ada.getByRole('button', { name: w.useEndpoint }).click();
      await expect(ada.getByText(w.companyEndpoint(company.url))).toBeVisible();
      await ada.getByRole('textbox', { name: w.email }).fill(ADA.email);
      await ada.getByLabel(w.password, { exact: true }).fill(ADA.password);
      await ada.getByRole('button', { name: w.signIn }).click();
      await expect(ada.getByText(w.signedInAs)).toBeVisible();
      await noSeriousViolations(ada);

      // Administration: the company turns on Session Insights for its supporters.
      await nav(ada, w.administration).click();
      await ada.getByRole('checkbox', { name: w.acceptTerms }).check();
      await ada.getByRole('button', { name: w.activate }).click();
      await expect(ada.getByText(w.aiOn)).toBeVisible();
      await ada.getByRole('checkbox', { name: w.outgoing }).check();
      await expect(ada.getByRole('radio', { name: w.allCompanyUsers })).toBeChecked();
      await ada.getByRole('combobox', { name: w.summaryLanguage }).selectOption(language);
      await noSeriousViolations(ada);

      // The end user reads out their ID and password.
      await expect(endUser.getByRole('heading', { level: 1, name: w.hostTitle })).toBeVisible();
      const id = (await endUser.getByRole('status', { name: w.yourId }).textContent())!;
      const password = (await endUser.getByRole('status', { name: w.password }).textContent())!;
      expect(id).toMatch(/^\d{3} \d{3} \d{3}$/);
      await noSeriousViolations(endUser);

      // The supporter connects.
      await nav(ada, w.connect).click();
      await ada.getByRole('textbox', { name: w.partnerId }).fill(id);
      await ada.getByLabel(w.password, { exact: true }).fill(password);
      await noSeriousViolations(ada);
      await ada.getByRole('main').getByRole('button', { name: w.connect, exact: true }).click();

      // Both prompts name the supporter as the company vouches for them.
      const incoming = endUser.getByRole('alertdialog', { name: w.incomingTitle });
      await expect(incoming).toContainText(w.wantsToConnect);
      await expect(incoming).toContainText(w.verified);
      await noSeriousViolations(endUser);
      await incoming.getByRole('button', { name: w.accept, exact: true }).click();
      const consent = endUser.getByRole('alertdialog', { name: 'Session Insights' });
      await expect(consent).toContainText(w.consentAsks);
      await expect(consent).toContainText(w.neverLogged);
      await noSeriousViolations(endUser);
      await consent.getByRole('button', { name: w.allowSummary }).click();

      // The session: the end user's banner, the supporter's screen filling the window.
      const banner = endUser.getByRole('region', { name: w.banner });
      await expect(banner.getByRole('status').filter({ hasText: w.youAllowed })).toBeVisible();
      await expect(ada.getByRole('heading', { level: 1, name: w.sessionWith })).toBeVisible();
      await expect(ada.getByRole('status').filter({ hasText: w.endUserAllowed })).toBeVisible();
      const remoteScreen = ada.getByRole('application', { name: w.remoteScreen });
      await expect(remoteScreen).toBeVisible();
      expect((await remoteScreen.boundingBox())!.width).toBeGreaterThan(1280 * 0.65);
      await noSeriousViolations(ada);
      await noSeriousViolations(endUser);

      // Chat both ways: the end user's only message is the one issue 13 reported.
      const adaChat = ada.getByRole('region', { name: w.chat });
      const endUserChat = endUser.getByRole('region', { name: w.chat });
      await adaChat.getByRole('textbox', { name: w.writeMessage }).fill(w.supporterSays);
      await adaChat.getByRole('button', { name: w.send, exact: true }).click();
      await expect(endUserChat.getByRole('listitem').filter({ hasText: w.supporterSays })).toBeVisible();
      await endUserChat.getByRole('textbox', { name: w.writeMessage }).fill(w.endUserSays);
      await endUserChat.getByRole('button', { name: w.send, exact: true }).click();
      await expect(adaChat.getByRole('listitem').filter({ hasText: w.endUserSays })).toBeVisible();

      // A file each way.
      const driver = randomBytes(300 * 1024);
      const printerLog = Buffer.from(`${w.endUserSays}\n`.repeat(2000));
      const [adaChooser] = await Promise.all([
        ada.waitForEvent('filechooser'),
        ada.getByRole('button', { name: w.sendFile }).click(),
      ]);
      await adaChooser.setFiles({ name: 'driver.bin', mimeType: 'application/octet-stream', buffer: driver });
      const [endUserChooser] = await Promise.all([
        endUser.waitForEvent('filechooser'),
        endUser.getByRole('button', { name: w.sendFile }).click(),
      ]);
      await endUserChooser.setFiles({ name: 'printer-log.txt', mimeType: 'text/plain', buffer: printerLog });
      await expect(endUser.getByText(w.fileDone('driver.bin'))).toBeVisible();
      await expect(ada.getByText(w.fileDone('printer-log.txt'))).toBeVisible();

      // The supporter ends the session; both sides say so and keep what they received.
      await ada.getByRole('button', { name: w.endSession }).click();
      const adaEnded = ada.getByRole('region', { name: w.sessionEnded });
      const endUserEnded = endUser.getByRole('region', { name: w.sessionEnded });
      await expect(endUserEnded.getByRole('status')).toHaveText(w.endedBySupporter);
      await expect(adaEnded.getByRole('status')).toHaveText(w.endedByYou(id));
      await expect(endUserEnded.getByRole('listitem').filter({ hasText: w.endUserSays })).toBeVisible();
      expect(
        sha256(
          await saved(
            Promise.all([
              endUser.waitForEvent('download'),
              endUserEnded.getByRole('link', { name: w.save('driver.bin') }).click(),
            ]).then(([download]) => download),
          ),
        ),
      ).toBe(sha256(driver));
      expect(
        sha256(
          await saved(
            Promise.all([
              ada.waitForEvent('download'),
              adaEnded.getByRole('link', { name: w.save('printer-log.txt') }).click(),
            ]).then(([download]) => download),
          ),
        ),
      ).toBe(sha256(printerLog));
      await noSeriousViolations(ada);
      await noSeriousViolations(endUser);
      await endUserEnded.getByRole('button', { name: w.close }).click();
      await expect(endUserEnded).toBeHidden();

      // The summary: it names the problem and does not claim it was solved.
      await nav(ada, w.insights).click();
      const summaries = ada.getByRole('listbox', { name: w.summaries }).getByRole('option');
      await expect(summaries).toHaveCount(1, { timeout: 20_000 });
      await summaries.first().click();
      const detail = ada.getByRole('region', { name: w.summaryTitle });
      await expect(detail.getByRole('heading', { level: 2 })).toHaveText(w.summaryTitle);
      await expect(detail).toContainText(w.notConfirmed);
      await expect(detail).not.toContainText(w.falseClaim);
      await noSeriousViolations(ada);

      // Edit it.
      await detail.getByRole('button', { name: w.edit }).click();
      await detail.getByRole('textbox', { name: w.title }).fill(w.editedTitle);
      await noSeriousViolations(ada);
      await detail.getByRole('button', { name: w.save_ }).click();
      const edited = ada.getByRole('region', { name: w.editedTitle });
      await expect(edited.getByRole('heading', { level: 2 })).toHaveText(w.editedTitle);

      // Export it: the document carries the edit, the truthful outcome and what is never logged.
      await edited.getByRole('button', { name: w.exportOne }).click();
      const dialog = ada.getByRole('dialog', { name: w.exportTitle });
      await dialog.getByRole('combobox', { name: w.format }).selectOption('markdown');
      await noSeriousViolations(ada);
      const [download] = await Promise.all([
        ada.waitForEvent('download'),
        dialog.getByRole('button', { name: w.export, exact: true }).click(),
      ]);
      const document = (await saved(Promise.resolve(download))).toString('utf8').replace(/\\/g, '');
      expect(document).toContain(w.editedTitle);
      expect(document).toContain(w.notConfirmed);
      for (const item of NEVER_LOGGED[language as 'en' | 'de']) expect(document).toContain(item);
      await dialog.getByRole('button', { name: w.close }).click();

      // Delete it: asked first, then gone, and the empty view says what is true.
      await edited.getByRole('button', { name: w.delete }).click();
      const confirm = ada.getByRole('dialog', { name: w.confirmDelete });
      await noSeriousViolations(ada);
      await confirm.getByRole('button', { name: w.delete }).click();
      await expect(summaries).toHaveCount(0, { timeout: 15_000 });
      await expect(ada.getByRole('heading', { name: w.emptyTitle })).toBeVisible({ timeout: 15_000 });
      await expect(ada.getByText(w.emptyBodyOn)).toBeVisible();
      await noSeriousViolations(ada);
    } catch (error) {
      await stage.attachOutput(testInfo, { always: true });
      throw error;
    } finally {
      await stage.stop();
    }
  });
}
