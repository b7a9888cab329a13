import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminDe } from '../../src-renderer/admin/i18n.de';
import { adminEn } from '../../src-renderer/admin/i18n.en';
import { hostDe } from '../../src-renderer/host/i18n.de';
import { hostEn } from '../../src-renderer/host/i18n.en';
import { liveviewDe } from '../../src-renderer/liveview/i18n.de';
import { liveviewEn } from '../../src-renderer/liveview/i18n.en';
import { groupCode } from '../../src-renderer/liveview/liveViewStore';
import { sessionDe } from '../../src-renderer/session/i18n.de';
import { sessionEn } from '../../src-renderer/session/i18n.en';
import { shellDe } from '../../src-renderer/shell/i18n.de';
import { shellEn } from '../../src-renderer/shell/i18n.en';
import { errorsDe } from '../../src-shared/errors.de';
import { errorsEn } from '../../src-shared/errors.en';
import { tempDir } from '../support/tempDir';
import { admin, signIn } from './support/accounts';
import { openAdminSection } from './support/adminNav';
import { noSeriousViolations } from './support/axe';
import { Stage, expect, test } from './support/fixtures';
import { framesDecoded, openEndUserBrowser } from './support/session';

/** Each language's texts, from the app's own catalogues: the German run reads exactly what a German user reads. */
const LANGUAGES = {
  en: { live: liveviewEn, host: hostEn, session: sessionEn, shell: shellEn, admin: adminEn, errors: errorsEn },
  de: { live: liveviewDe, host: hostDe, session: sessionDe, shell: shellDe, admin: adminDe, errors: errorsDe },
} as const;

/** `{{name}}` placeholders filled in, as the app's `t` does. */
const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');

/**
 * Live View from both chairs, on real apps: an end user's Tandem, enrolled by IT with a tag, asks
 * for help from its own window; the supporter's Live View shows the row as it appears, idle while
 * the end user is in another window; the supporter finds it by the tag and asks to connect, saying what for; the end user reads who asks,
 * from which company and why, and declines — the supporter is told —, then accepts the second
 * request, and the screen flows. When the end user closes Tandem, the row goes at once. In English
 * and in German (both people switch their Tandem to German in Settings).
 */
for (const language of ['en', 'de'] as const) {
  const { live, host: hostTexts, session, shell, admin: adminTexts, errors } = LANGUAGES[language];
  const events = adminTexts.admin.liveViewEvents;
  test(`Live View (${language}): Get help → the row appears, turns idle and active → request with a reason → declined → accepted, the screen flows → the app closes and the row goes`, async ({
    page: supporterPage,
    playwright,
    xvfb,
  }, testInfo) => {
    test.setTimeout(150_000);
    const stage = new Stage();
    const dir = tempDir();
    let closeEndUserBrowser = async () => {};
    try {
      const cloud = await stage.cloud();
      const ada = await admin(cloud.url);
      const { token } = (await ada('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office PCs' })) as {
        token: string;
      };
      const config = join(dir.path, 'policy.json');
      writeFileSync(config, JSON.stringify({ enrollmentToken: token, tags: ['Finance'] }));
      const host = await stage.app(cloud.url, { DISPLAY: xvfb.display }, "end user's tandem", [
        '--managed-config',
        config,
      ]);
      await expect
        .poll(async () => ((await ada('GET', '/api/v1/admin/devices'))!.devices as unknown[]).length, {
          timeout: 15_000,
        })
        .toBe(1);
      const supporter = await stage.app(cloud.url, {}, "supporter's tandem");

      // The supporter opens Live View: nobody is asking yet.
      await supporterPage.goto(supporter.pageUrl);
      await signIn(supporterPage);
      await supporterPage.getByRole('combobox', { name: 'Language' }).selectOption(language);
      await supporterPage.getByRole('navigation').getByRole('button', { name: shell.nav.liveView }).click();
      await expect(supporterPage.getByTestId('liveview-empty')).toBeVisible();

      // The end user asks for help from their own window.
      const endUser = await openEndUserBrowser(playwright, host.pageUrl);
      closeEndUserBrowser = () => endUser.browser.close();
      const hostPage = endUser.page;
      await hostPage.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
      await hostPage.getByRole('combobox', { name: 'Language' }).selectOption(language);
      await hostPage.getByRole('navigation').getByRole('button', { name: shell.nav.host }).click();
      await hostPage.getByRole('button', { name: live.getHelp.button, exact: true }).click();
      await hostPage.getByLabel(live.getHelp.yourName).fill('Erika Muster');
      await hostPage.getByRole('checkbox', { name: live.getHelp.acknowledge }).check();
      await hostPage.getByRole('button', { name: live.getHelp.start, exact: true }).click();
      const shown = hostPage.getByTestId('help-code');
      await expect(shown).toHaveText(/^\d{3} \d{3} \d{3}$/);
      const code = (await shown.textContent())!.replace(/ /g, '');

      // The row appears for the supporter, pushed: who, the ID, the status, the OS, IT's tag.
      const row = supporterPage.locator(`li[data-code="${code}"]`);
      await expect(row).toBeVisible();
      await expect(row).toContainText('Erika Muster');
      await expect(row).toContainText(groupCode(code));
      await expect(row).toContainText(live.liveView.status.active);
      await expect(row).toContainText('Linux');
      await expect(row.getByRole('list', { name: live.liveView.tags })).toContainText('Finance');
      await supporterPage.getByRole('searchbox', { name: live.liveView.search }).fill('finance');
      await expect(row).toBeVisible();
      await noSeriousViolations(supporterPage);

      // The end user switches to another window: Tandem is no longer in front, and the row turns idle;
      // back in Tandem, it is active again. (Playwright lets every page think it has focus unless told not to.)
      const cdp = await endUser.context.newCDPSession(hostPage);
      await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
      const otherWindow = await endUser.context.newPage();
      await otherWindow.bringToFront();
      await expect(row).toContainText(live.liveView.status.idle);
      await hostPage.bringToFront();
      await hostPage.getByTestId('help-code').click();
      await expect(row).toContainText(live.liveView.status.active);

      /** The supporter asks to connect to Erika, saying what for. */
      const request = async (reason: string) => {
        await supporterPage.getByRole('navigation').getByRole('button', { name: shell.nav.liveView }).click();
        await row
          .getByRole('button', { name: fill(live.liveView.connectTo, { name: 'Erika Muster', code: groupCode(code) }) })
          .click();
        await supporterPage.getByLabel(live.liveView.request.reason).fill(reason);
        await supporterPage.getByRole('button', { name: live.liveView.request.send }).click();
        await expect(supporterPage.getByTestId('connect-status')).toContainText(session.connect.help.asking);
        const prompt = hostPage.getByRole('alertdialog', { name: hostTexts.prompt.title });
        await expect(prompt).toBeVisible();
        await expect(prompt).toContainText('Ada Support');
        await expect(prompt).toContainText('Helpdesk Inc');
        await expect(prompt).toContainText(hostTexts.prompt.helpRequest);
        await expect(prompt).toContainText(fill(hostTexts.prompt.helpReason, { reason }));
        return prompt;
      };

      // Declined: the supporter reads that the end user said no.
      const first = await request('Your printer ticket #4711');
      await noSeriousViolations(hostPage);
      await first.getByRole('button', { name: hostTexts.prompt.deny, exact: true }).click();
      await expect(supporterPage.getByTestId('connect-failure')).toHaveText(errors.help_request_denied);

      // Asked again and accepted: the end user's screen reaches the supporter.
      const second = await request('The printer again, please');
      await second.getByRole('button', { name: hostTexts.prompt.accept, exact: true }).click();
      await expect(
        supporterPage.getByRole('heading', { level: 1, name: fill(session.session.title, { name: '' }).trim() }),
      ).toBeVisible();
      await expect.poll(() => framesDecoded(supporterPage), { timeout: 20_000 }).toBeGreaterThan(5);
      await supporterPage.getByRole('button', { name: session.session.end }).click();
      await expect(supporterPage.getByTestId('connect-ended')).toHaveText(session.session.ended.ended_by_supporter);

      // The end user closes Tandem: their row leaves the supporter's Live View at once.
      await supporterPage.getByRole('navigation').getByRole('button', { name: shell.nav.liveView }).click();
      await supporterPage.getByRole('searchbox', { name: live.liveView.search }).fill('');
      await expect(row).toBeVisible();
      await host.stop();
      await expect(row).toHaveCount(0);
      await expect(supporterPage.getByTestId('liveview-empty')).toBeVisible();

      // Ada administers the company too: the Audit section says who did what, newest first.
      await supporterPage.getByRole('navigation').getByRole('button', { name: shell.nav.admin }).click();
      await openAdminSection(supporterPage, adminTexts.admin.nav.audit, adminTexts.admin.nav.label);
      const table = supporterPage.getByRole('table', { name: events.label });
      await expect(table).toContainText(events.action.opened);
      await expect(table).toContainText(events.action.acknowledged);
      await expect(table.getByRole('row').filter({ hasText: events.action.connection_denied })).toContainText(
        fill(events.computer, { name: '' }).trim(),
      );
      await expect(table.getByRole('row').filter({ hasText: 'Your printer ticket #4711' })).toContainText(
        events.action.connection_requested,
      );
      await expect(table.getByRole('row').filter({ hasText: events.action.connection_accepted })).toContainText(
        groupCode(code),
      );
      await noSeriousViolations(supporterPage);
      await stage.attachOutput(testInfo);
    } finally {
      await closeEndUserBrowser();
      await stage.stop();
      dir.cleanup();
    }
  });
}
