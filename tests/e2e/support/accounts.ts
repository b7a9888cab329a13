import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { apiCaller } from '../../support/apiCall';
import { setupTokenFor } from './setupTokens';

export const ADA = {
  company: 'Helpdesk Inc',
  name: 'Ada Support',
  email: 'ada@helpdesk.test',
  password: 'correct horse battery',
};

export type AdminCall = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown> | null>;

/** The cloud endpoint's API, as an IT admin would use it (the admin screens call the same). */
export async function apiAs(cloudUrl: string, email: string, password: string): Promise<AdminCall> {
  const call = apiCaller(() => cloudUrl);
  const checked = async (method: string, path: string, body?: unknown, token?: string) => {
    const { status, body: answer } = await call(method, path, body, token);
    if (status >= 400) throw new Error(`${method} ${path}: HTTP ${status} ${JSON.stringify(answer)}`);
    return answer;
  };
  const token = (await checked('POST', '/api/v1/auth/sign-in', { email, password }))!.token as string;
  return (method, path, body) => checked(method, path, body, token);
}

/** Sets up Helpdesk Inc with Ada as its administrator and returns Ada's API. */
export async function admin(cloudUrl: string): Promise<AdminCall> {
  const { status, body } = await apiCaller(() => cloudUrl)('POST', '/api/v1/setup', {
    ...ADA,
    setupToken: setupTokenFor(cloudUrl),
  });
  if (status !== 201) throw new Error(`setup: HTTP ${status} ${JSON.stringify(body)}`);
  return apiAs(cloudUrl, ADA.email, ADA.password);
}

/** Signs in from Settings → Company account, as a supporter does. */
export async function signIn(
  page: Page,
  account: { email: string; password: string; name: string; company: string } = ADA,
): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('E-mail').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('account-status')).toHaveText(
    `Signed in as ${account.name} (${account.email}) at ${account.company}.`,
  );
}
