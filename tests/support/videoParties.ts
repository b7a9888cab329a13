import type { VideoDevice } from '../../src-shared/video/contract';
import { companyParties } from './companyParties';

/**
 * Companies with video devices and the code users who joined with their codes, made as the
 * employees and code users make them: through the endpoint's routes.
 */
export function videoParties(baseUrl: () => string, dataDir: string, operatorEnv: NodeJS.ProcessEnv = {}) {
  const parties = companyParties(baseUrl, dataDir, operatorEnv);
  const { call } = parties;

  /** A device of the manager's company. */
  const device = async (manager: string, name: string) => {
    const created = await call('POST', '/api/v1/video/devices', { name }, manager);
    if (created.status !== 201) throw new Error(`device: HTTP ${created.status} ${JSON.stringify(created.body)}`);
    return created.body as unknown as VideoDevice;
  };

  /** A code user of the device: their token. */
  const codeUser = async (code: string) => {
    const joined = await call('POST', '/api/v1/video/join', { code });
    if (joined.status !== 200) throw new Error(`join: HTTP ${joined.status} ${JSON.stringify(joined.body)}`);
    return joined.body!.token as string;
  };

  /** A company with an administrator, a manager of devices (`video.manage`) and one of them. */
  const company = async (name: string, domain: string) => {
    const company = await parties.company(name, `admin@${domain}`);
    const manager = await parties.user(company.admin, `manager@${domain}`, ['video.manage']);
    return { ...company, manager };
  };

  /** An employee of the admin's company holding exactly `permissions`: their token and user ID. */
  const employee = async (admin: string, email: string, permissions: string[]) => {
    const token = await parties.user(admin, email, permissions);
    const listed = await call('GET', '/api/v1/admin/users', undefined, admin);
    const users = listed.body!.users as { id: string; email: string }[];
    return { token, id: users.find((user) => user.email === email)!.id };
  };

  return { ...parties, company, device, codeUser, employee };
}
