import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

export const ADA = {
  company: 'Helpdesk Inc',
  name: 'Ada Support',
  email: 'ada@helpdesk.test',
  password: 'correct horse battery',
};

export type AdminCall = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown> | null>;

/** The cloud endpoint's API, as an IT admin would use it (the admin screens call the same). */
export async function apiAs(cloudUrl: string, email: string, password: string): Promise<AdminCall> {
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(`${cloudUrl}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : ((await response.json()) as Record<string, unknown>);
  };
  const token = (await call('POST', '/api/v1/auth/sign-in', { email, password }))!.token as string;
  return (method, path, body) => call(method, path, body, token);
}

/** Sets up Helpdesk Inc with Ada as its administrator and returns Ada's API. */
export async function admin(cloudUrl: string): Promise<AdminCall> {
  const response = await fetch(`${cloudUrl}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADA),
  });
  if (response.status !== 201) throw new Error(`setup: HTTP ${response.status} ${await response.text()}`);
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
