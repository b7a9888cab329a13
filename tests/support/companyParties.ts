import { generateKeyPairSync } from 'node:crypto';
import { createCompanyCommand } from './operatorCommands';
import { apiCaller } from './apiCall';
import { deviceCaller } from './deviceRequest';

/**
 * The people and devices of companies on one endpoint, made as the operator and administrators
 * make them: a company by the operator's command, users with a role of given permissions, devices
 * that register and enrol with the company's token.
 */
export function companyParties(
  baseUrl: () => string,
  dataDir: string,
  /** The operator's environment beyond the password: `TANDEM_DATABASE_URL` for instances sharing one database. */
  operatorEnv: NodeJS.ProcessEnv = {},
) {
  const call = apiCaller(baseUrl);
  let nextDevice = 100_000_001;
  const expectStatus = (what: string, answer: { status: number; body: unknown }, ok: (status: number) => boolean) => {
    if (!ok(answer.status)) throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  };

  /** A company with its administrator signed in. */
  const company = async (name: string, email: string) => {
    const password = `${name} passphrase`;
    const { companyId } = await createCompanyCommand(
      ['--data-dir', dataDir, '--company', name, '--admin-name', `${name} Admin`, '--admin-email', email],
      { ...operatorEnv, TANDEM_ADMIN_PASSWORD: password },
    );
    const signedIn = await call('POST', '/api/v1/auth/sign-in', { email, password });
    expectStatus('sign-in', signedIn, (status) => status === 200);
    return { companyId, admin: signedIn.body!.token as string };
  };

  /** A user of the admin's company holding exactly `permissions`, signed in: their token. */
  const user = async (admin: string, email: string, permissions: string[]) => {
    const role = await call('POST', '/api/v1/admin/roles', { name: `Role of ${email}`, permissions }, admin);
    expectStatus('role', role, (status) => status === 201);
    const password = 'a long password';
    const created = await call(
      'POST',
      '/api/v1/admin/users',
      { email, name: email.split('@')[0], password, roleId: role.body!.id },
      admin,
    );
    expectStatus('user', created, (status) => status === 201);
    const signedIn = await call('POST', '/api/v1/auth/sign-in', { email, password });
    expectStatus('sign-in', signedIn, (status) => status === 200);
    return signedIn.body!.token as string;
  };

  /** A registered device, enrolled in the admin's company when one is given, and its signed calls. */
  const device = async (admin?: string) => {
    const deviceId = String(nextDevice++);
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const registered = await call('POST', '/api/v1/devices', {
      deviceId,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
      platform: 'win32',
      name: `pc-${deviceId}`,
    });
    expectStatus('register', registered, (status) => status < 300);
    const signed = deviceCaller(baseUrl, deviceId, privateKey);
    if (admin) {
      const token = await call('POST', '/api/v1/admin/enrollment-tokens', { name: 'Office' }, admin);
      expectStatus('enrolment token', token, (status) => status === 201);
      expectStatus(
        'enrol',
        await signed('POST', '/api/v1/devices/me/enroll', { token: token.body!.token }),
        (s) => s === 200,
      );
    }
    return { deviceId, call: signed, privateKey };
  };

  return { call, company, user, device };
}
