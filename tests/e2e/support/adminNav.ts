import { expect, type Page } from '@playwright/test';

/** Opens a section of the Administration from its own navigation (the app's or the web console's). */
export async function openAdminSection(
  page: Page,
  section: string,
  navigation = 'Administration sections',
): Promise<void> {
  const link = page.getByRole('navigation', { name: navigation }).getByRole('link', { name: section, exact: true });
  await link.click();
  await expect(link).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 2, name: section, exact: true })).toBeVisible();
}
