import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tempDir';
import { ADA, admin, signIn } from './support/accounts';
import { Stage, expect, test } from './support/fixtures';
import { openInsights } from './support/insights';
import {
  connectAndAccept,
  framesDecoded,
  openEndUserBrowser,
  readCredentials,
  requestConnection,
} from './support/session';

test.describe('Session Insights consent in real sessions', () => {
  test('After confirmation: Allow the summary logs, withdrawing stops it; Deny leaves the session running unlogged', async ({
    page: supporterPage,
    pair,
    playwright,
  }) => {
    const api = await admin(pair.supporter.cloudUrl);
    await api('PUT', '/api/v1/admin/ai-settings', {
      activate: { acceptTerms: true },
      outgoing: { enabled: true, scope: 'all_company_users' },
    });
    const { browser, page: hostPage } = await openEndUserBrowser(playwright, pair.host.pageUrl);
    try {
      await supporterPage.goto(pair.supporter.pageUrl);
      await signIn(supporterPage);

      // AC-1: the end user reads the supporter as the endpoint vouches for them — the account's
      // name and company, verified — not the computer's login name.
      const first = await readCredentials(hostPage);
      await requestConnection(supporterPage, first.id, first.password);
      const prompt = hostPage.getByRole('alertdialog', { name: 'Incoming connection' });
      await expect(prompt).toHaveAccessibleDescription(
        new RegExp(
          `${ADA.name} \\(${ADA.company}\\) wants to connect to this computer\\.\\s*Verified: their company account confirms this name and company\\.`,
        ),
      );
      await expect(prompt).not.toContainText('not verified');
      await prompt.getByRole('button', { name: 'Accept', exact: true }).click();

      const consent = hostPage.getByRole('alertdialog', { name: 'Session Insights' });
      // The pop-up's company and the prompt's name come from the one vouched identity.
      await expect(consent).toHaveAccessibleDescription(
        new RegExp(
          `^${ADA.company} would like to create a summary of this session with Session Insights\\.\\s*${ADA.name} \\(${ADA.company}\\) wants to connect to this computer\\.\\s*Verified: `,
        ),
      );
      const banner = hostPage.getByRole('region', {
        name: `${ADA.name} (${ADA.company}) is connected to this computer`,
      });
      await expect(banner).toContainText('· verified ·');
      await expect(banner).not.toContainText('not verified');
      await expect(consent).toContainText(
        'Never logged: screen images, keystrokes, file contents, clipboard contents.',
      );
      await expect(consent).toContainText(/Denied automatically in \d+ s/);
      await expect(supporterPage.getByTestId('logging-status')).toContainText(
        'Asking the end user about Session Insights',
      );
      await consent.getByRole('button', { name: 'Allow the summary' }).click();

      // The end user reads about their own answer; the supporter about the end user's.
      await expect(hostPage.getByTestId('logging-status')).toContainText(
        'Logged for Session Insights · You allowed it.',
      );
      await expect(supporterPage.getByTestId('logging-status')).toContainText(
        'Logged for Session Insights · The end user allowed it.',
      );
      await hostPage.getByRole('button', { name: 'Withdraw consent' }).click();
      await expect(supporterPage.getByTestId('logging-status')).toContainText(
        'Not logged for Session Insights · The end user withdrew consent; nothing from this session is summarised.',
      );
      await expect(hostPage.getByRole('button', { name: 'Withdraw consent' })).toBeHidden();
      await supporterPage.getByRole('button', { name: 'End session' }).click();
      await expect(hostPage.getByRole('region', { name: /is connected to this computer/ })).toBeHidden();
      // The one-time password changes after every session: the next supporter reads the new one.
      await expect(hostPage.getByTestId('one-time-password')).not.toHaveText(first.password);

      await connectAndAccept(supporterPage, hostPage);
      await hostPage
        .getByRole('alertdialog', { name: 'Session Insights' })
        .getByRole('button', { name: 'Deny' })
        .click();
      await expect(supporterPage.getByTestId('logging-status')).toContainText(
        'Not logged for Session Insights · The end user did not allow it.',
      );
      const frames = await framesDecoded(supporterPage);
      await expect.poll(() => framesDecoded(supporterPage), { timeout: 15_000 }).toBeGreaterThan(frames + 10);
    } finally {
      await browser.close();
    }
  });

  test.describe('with a short countdown', () => {
    test.use({ hostEnv: { TANDEM_CONSENT_SECONDS: '3' } });

    test('no answer within the countdown means no: the pop-up goes, nothing is logged', async ({
      page: supporterPage,
      pair,
      playwright,
    }) => {
      const api = await admin(pair.supporter.cloudUrl);
      await api('PUT', '/api/v1/admin/ai-settings', {
        activate: { acceptTerms: true },
        outgoing: { enabled: true, scope: 'all_company_users' },
      });
      const { browser, page: hostPage } = await openEndUserBrowser(playwright, pair.host.pageUrl);
      try {
        await supporterPage.goto(pair.supporter.pageUrl);
        await signIn(supporterPage);
        await connectAndAccept(supporterPage, hostPage);
        const consent = hostPage.getByRole('alertdialog', { name: 'Session Insights' });
        await expect(consent).toBeVisible();
        await expect(consent).toBeHidden({ timeout: 10_000 });
        await expect(supporterPage.getByTestId('logging-status')).toContainText(
          'Not logged for Session Insights · The end user did not allow it.',
        );
        await expect(hostPage.getByRole('region', { name: /is connected to this computer/ })).toBeVisible();
      } finally {
        await browser.close();
      }
    });
  });

  test('Allowed logs without a pop-up; Denied neither asks nor logs — set in the end user’s Settings', async ({
    page: supporterPage,
    pair,
    playwright,
  }) => {
    const api = await admin(pair.supporter.cloudUrl);
    await api('PUT', '/api/v1/admin/ai-settings', {
      activate: { acceptTerms: true },
      outgoing: { enabled: true, scope: 'all_company_users' },
    });
    const { browser, page: hostPage } = await openEndUserBrowser(playwright, pair.host.pageUrl);
    try {
      await supporterPage.goto(pair.supporter.pageUrl);
      await signIn(supporterPage);
      await hostPage.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
      const accessControl = hostPage.getByRole('combobox', { name: 'Session Insights logging' });
      await expect(accessControl).toHaveValue('after_confirmation');
      await accessControl.selectOption('allowed');
      await hostPage.getByRole('navigation').getByRole('button', { name: 'Allow remote support' }).click();

      const allowed = await connectAndAccept(supporterPage, hostPage);
      await expect(supporterPage.getByTestId('logging-status')).toContainText(
        'Logged for Session Insights · Allowed by the access control',
      );
      await expect(hostPage.getByRole('alertdialog', { name: 'Session Insights' })).toBeHidden();
      await supporterPage.getByRole('button', { name: 'End session' }).click();
      await expect(hostPage.getByRole('region', { name: /is connected to this computer/ })).toBeHidden();
      await expect(hostPage.getByTestId('one-time-password')).not.toHaveText(allowed.password);

      // The logged session left its summary in the supporter's cache (the company's side).
      const { summaries, detail } = await openInsights(supporterPage);
      await expect(summaries).toHaveCount(1);
      // Written, then pushed to the company's cloud endpoint at once.
      await expect(supporterPage.getByTestId('sync-status')).toContainText(
        'All summaries are synced with your company.',
      );
      await expect(summaries.first()).not.toContainText('not synced yet');
      await summaries.first().click();
      await expect(detail).toContainText('built-in (no AI)');
      await expect(detail).toContainText('(Linux)');

      await hostPage.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
      await accessControl.selectOption('denied');
      await hostPage.getByRole('navigation').getByRole('button', { name: 'Allow remote support' }).click();
      await connectAndAccept(supporterPage, hostPage);
      await expect(supporterPage.getByTestId('logging-status')).toContainText(
        'Not logged for Session Insights · The access control of this computer denies',
      );
      await expect(hostPage.getByRole('alertdialog', { name: 'Session Insights' })).toBeHidden();
    } finally {
      await browser.close();
    }
  });

  test('an enforced policy on a managed device: no opt-out, the banner says the session is logged, the setting is locked', async ({
    page: supporterPage,
    pair,
    playwright,
  }) => {
    const api = await admin(pair.supporter.cloudUrl);
    // IT installs Tandem on the end user's computer with its enrolment token in the managed configuration.
    const { token } = (await api('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office PCs' }))!;
    const stage = new Stage();
    const config = tempDir();
    const policyFile = join(config.path, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ enrollmentToken: token }));
    const managedHost = await stage.app(pair.host.cloudUrl, { DISPLAY: pair.display.display }, 'managed end user', [
      '--managed-config',
      policyFile,
    ]);
    const { browser, page: hostPage } = await openEndUserBrowser(playwright, managedHost.pageUrl);
    try {
      await hostPage.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
      await expect(hostPage.getByTestId('enrollment-status')).toHaveText(
        'Enrolled with your IT department’s token: this computer is a managed device of Helpdesk Inc.',
      );
      await hostPage.getByRole('navigation').getByRole('button', { name: 'Allow remote support' }).click();
      const { id } = await readCredentials(hostPage);
      const deviceId = id.replaceAll(' ', '');
      await api('PUT', '/api/v1/admin/ai-settings', {
        activate: { acceptTerms: true },
        incoming: { enabled: true, scope: 'managed_devices_with_policy' },
      });
      const policy = await api('POST', '/api/v1/admin/policies', {
        name: 'Office PCs',
        settings: {
          sessionInsights: { value: true, enforced: true },
          insightsLogging: { value: 'after_confirmation', enforced: true },
        },
      });
      await api('PUT', `/api/v1/admin/devices/${deviceId}/policy`, { policyId: policy!.id });

      await hostPage.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
      await expect(hostPage.getByRole('combobox', { name: 'Session Insights logging' })).toBeDisabled();
      await expect(hostPage.getByText('Set by your company’s policy.').first()).toBeVisible();
      await hostPage.getByRole('navigation').getByRole('button', { name: 'Allow remote support' }).click();

      await supporterPage.goto(pair.supporter.pageUrl);
      await connectAndAccept(supporterPage, hostPage);
      const banner = hostPage.getByRole('region', { name: /is connected to this computer/ });
      await expect(banner).toContainText(
        'Logged for Session Insights · Your company’s policy for this managed computer turns Session Insights on',
      );
      await expect(hostPage.getByRole('alertdialog', { name: 'Session Insights' })).toBeHidden();
      await expect(banner.getByRole('button', { name: 'Withdraw consent' })).toHaveCount(0);
    } finally {
      await browser.close();
      await stage.stop();
      config.cleanup();
    }
  });

  test('the options carry the vendor’s names in English and their German counterparts', async ({ page, tandem }) => {
    await page.goto(tandem.pageUrl);
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    const english = page.getByRole('combobox', { name: 'Session Insights logging' });
    await expect(english.locator('option')).toHaveText(['After confirmation', 'Allowed', 'Denied']);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    const german = page.getByRole('combobox', { name: 'Session Insights-Protokollierung' });
    await expect(german.locator('option')).toHaveText(['Nach Bestätigung', 'Erlaubt', 'Verweigert']);
  });

  test('a QuickSupport module: its branding, only the host side, and Session Insights where the module enables it', async ({
    page: supporterPage,
    playwright,
  }) => {
    const stage = new Stage();
    try {
      const { url: cloudUrl } = await stage.cloud();
      const api = await admin(cloudUrl);
      await api('PUT', '/api/v1/admin/ai-settings', {
        activate: { acceptTerms: true },
        outgoing: { enabled: true, scope: 'quicksupport_modules' },
      });
      const logo = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#0b5cd5"/></svg>').toString('base64')}`;
      const module = await api('POST', '/api/v1/admin/quicksupport-modules', {
        name: 'Helpdesk QuickSupport',
        logo,
        welcomeText: 'Welcome! Your Helpdesk Inc agent will connect in a moment.',
        insightsEnabled: true,
      });
      const supporter = await stage.app(cloudUrl, {}, "supporter's tandem");
      const host = await stage.app(cloudUrl, {}, 'quicksupport', ['--module', String(module!.id)]);
      const { browser, page: hostPage } = await openEndUserBrowser(playwright, host.pageUrl);
      try {
        await expect(hostPage.getByText('Helpdesk QuickSupport')).toBeVisible();
        await expect(hostPage.getByText('Welcome! Your Helpdesk Inc agent will connect in a moment.')).toBeVisible();
        await expect(hostPage.getByRole('img', { name: 'Helpdesk QuickSupport' })).toBeVisible();
        await expect(hostPage.getByRole('navigation')).toHaveCount(0);
        await expect(hostPage.getByRole('heading', { level: 1, name: 'Allow remote support' })).toBeVisible();

        await supporterPage.goto(supporter.pageUrl);
        await signIn(supporterPage);
        await connectAndAccept(supporterPage, hostPage);
        await hostPage
          .getByRole('alertdialog', { name: 'Session Insights' })
          .getByRole('button', { name: 'Allow the summary' })
          .click();
        await expect(supporterPage.getByTestId('logging-status')).toContainText(
          'Logged for Session Insights · The end user allowed it.',
        );
      } finally {
        await browser.close();
      }
    } finally {
      await stage.stop();
    }
  });
});
