import { adminDe } from '../../src-renderer/admin/i18n.de';
import { adminEn } from '../../src-renderer/admin/i18n.en';
import { ADA, admin } from './support/accounts';
import { openAdminSection } from './support/adminNav';
import { noSeriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { FIRST_HOUR_WORDS } from './support/firstHourWords';

/**
 * LV-4 in the Administration: the administrator sets how long the company's help sessions live,
 * next to how connections to them start; a lifetime outside 5 … 720 minutes is explained, not sent.
 */
for (const [language, texts] of [
  ['en', adminEn.admin],
  ['de', adminDe.admin],
] as const) {
  const w = FIRST_HOUR_WORDS[language];
  const helpConnect = texts.helpConnect;
  test(`Administration (${language}): help sessions live an hour until the administrator sets 5 … 720 minutes`, async ({
    browser,
    tandem,
  }) => {
    const ada = await admin(tandem.cloudUrl);
    const context = await browser.newContext({ locale: w.locale, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(tandem.pageUrl);
    const nav = page.getByRole('navigation');
    await nav.getByRole('button', { name: w.settings }).click();
    await page.getByRole('textbox', { name: w.email }).fill(ADA.email);
    await page.getByLabel(w.password, { exact: true }).fill(ADA.password);
    await page.getByRole('button', { name: w.signIn }).click();
    await nav.getByRole('button', { name: w.administration }).click();
    await openAdminSection(page, texts.nav.policies, texts.nav.label);

    const lifetime = page.getByRole('spinbutton', { name: helpConnect.lifetime });
    await expect(lifetime).toHaveValue('60');
    const save = page.getByRole('button', { name: helpConnect.saveLifetime });
    await expect(save).toBeDisabled();
    await noSeriousViolations(page);

    const invalid = helpConnect.lifetimeInvalid.replace('{{min}}', '5').replace('{{max}}', '720');
    for (const typed of ['4', '721']) {
      await lifetime.fill(typed);
      await expect(page.getByRole('alert').filter({ hasText: invalid })).toBeVisible();
      await expect(lifetime).toHaveAttribute('aria-invalid', 'true');
      await expect(save).toBeDisabled();
    }
    await noSeriousViolations(page);

    await lifetime.fill('30');
    await expect(page.getByRole('alert').filter({ hasText: invalid })).toHaveCount(0);
    await save.click();
    await expect(page.getByText(helpConnect.saved)).toBeVisible();
    expect(await ada('GET', '/api/v1/admin/liveview/settings')).toEqual({
      codeSkipsAccept: false,
      lifetimeMinutes: 30,
    });
    await context.close();
  });
}
