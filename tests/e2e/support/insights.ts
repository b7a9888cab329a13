import type { Page } from '@playwright/test';

/** Opens Insights; its summaries are the options of the list, the chosen one shows in the detail. */
export async function openInsights(page: Page) {
  await page.getByRole('navigation').getByRole('button', { name: 'Insights' }).click();
  return {
    summaries: page.getByRole('listbox').getByRole('option'),
    detail: page.getByTestId('summary-detail'),
  };
}
