import type { Page } from '@playwright/test';
import { admin, type AdminCall } from './accounts';
import { expect, type CloudEndpoint, type Stage, type TandemApp } from './fixtures';
import type { VirtualDisplay } from './xvfb';
import { connectAndAccept } from './session';

export const GRACE = {
  company: 'Helpdesk Inc',
  name: 'Grace Viewer',
  email: 'grace@helpdesk.test',
  password: 'grace passphrase',
};

/**
 * Helpdesk Inc with Session Insights on for its supporters, Grace as a colleague who may only
 * view summaries, and three computers: Ada's, an end user's (on the X display) and Grace's.
 */
export async function helpdeskStage(
  stage: Stage,
  display: VirtualDisplay,
  cloudArgs: string[] = [],
): Promise<{ cloud: CloudEndpoint; ada: AdminCall; supporter: TandemApp; host: TandemApp; colleague: TandemApp }> {
  const cloud = await stage.cloud(cloudArgs);
  const ada = await admin(cloud.url);
  await ada('PUT', '/api/v1/admin/ai-settings', {
    activate: { acceptTerms: true },
    outgoing: { enabled: true, scope: 'all_company_users' },
  });
  const viewer = await ada('POST', '/api/v1/admin/roles', { name: 'Insights viewer', permissions: ['insights.view'] });
  await ada('POST', '/api/v1/admin/users', { ...GRACE, roleId: viewer!.id });
  return {
    cloud,
    ada,
    supporter: await stage.app(cloud.url, {}, "Ada's tandem"),
    host: await stage.app(cloud.url, { DISPLAY: display.display }, "end user's tandem"),
    colleague: await stage.app(cloud.url, {}, "Grace's tandem"),
  };
}

/** The end user sets Session Insights logging to Allowed, then waits for support. */
export async function allowLogging(hostPage: Page): Promise<void> {
  await hostPage.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await hostPage.getByRole('combobox', { name: 'Session Insights logging' }).selectOption('allowed');
  await hostPage.getByRole('navigation').getByRole('button', { name: 'Allow remote support' }).click();
}

/** A real, logged session in which the end user describes the problem in the chat; the supporter ends it. */
export async function sessionWithChat(supporterPage: Page, hostPage: Page, message: string): Promise<void> {
  const { password } = await connectAndAccept(supporterPage, hostPage);
  await expect(supporterPage.getByTestId('logging-status')).toContainText('Logged for Session Insights');
  await hostPage.getByPlaceholder('Write a message').fill(message);
  await hostPage.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(supporterPage.getByTestId('chat-log')).toContainText(message);
  await supporterPage.getByRole('button', { name: 'End session' }).click();
  await expect(hostPage.getByRole('region', { name: /is connected to this computer/ })).toBeHidden();
  // The one-time password changes after every session: the next connection reads the new one.
  await expect(hostPage.getByTestId('one-time-password')).not.toHaveText(password);
}
