import { type RunningServer, type ServerOptions } from '../../server/app';
import { startServer } from './testServer';
import { apiCaller } from './apiCall';
import { setupTokenOf } from './setupToken';
import { tempDir } from './tempDir';

export const ADA = { email: 'ada@acme.test', password: 'correct horse battery' };

/** A real endpoint on 127.0.0.1 with its own SQLite file, set up as Acme with Ada as administrator. */
export async function acmeEndpoint(options: Partial<ServerOptions> = {}) {
  const dir = tempDir();
  const server: RunningServer = await startServer({ dataDir: dir.path, logger: false, ...options });
  const call = apiCaller(() => server.url);
  const setup = await call('POST', '/api/v1/setup', {
    company: 'Acme',
    name: 'Ada Admin',
    ...ADA,
    setupToken: setupTokenOf(server),
  });
  if (setup.status !== 201) throw new Error(`setup: HTTP ${setup.status} ${JSON.stringify(setup.body)}`);
  const signIn = async (email: string, password: string) => {
    const answer = await call('POST', '/api/v1/auth/sign-in', { email, password });
    if (answer.status !== 200)
      throw new Error(`sign-in as ${email}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body!.token as string;
  };
  /** A role and a user holding it, created by `admin`; returns the user's id and signed-in token. */
  const userWith = async (admin: string, email: string, permissions: string[]) => {
    const role = await call('POST', '/api/v1/admin/roles', { name: `Role of ${email}`, permissions }, admin);
    if (role.status !== 201) throw new Error(`role: HTTP ${role.status} ${JSON.stringify(role.body)}`);
    const user = await call(
      'POST',
      '/api/v1/admin/users',
      { email, name: email.split('@')[0], password: 'a long password', roleId: role.body!.id },
      admin,
    );
    if (user.status !== 201) throw new Error(`user: HTTP ${user.status} ${JSON.stringify(user.body)}`);
    return {
      id: user.body!.id as string,
      roleId: role.body!.id as string,
      token: await signIn(email, 'a long password'),
    };
  };
  return {
    server,
    dir,
    call,
    signIn,
    userWith,
    companyId: setup.body!.companyId as string,
    adaId: setup.body!.userId as string,
    async close() {
      await server.close();
      dir.cleanup();
    },
  };
}
export type AcmeEndpoint = Awaited<ReturnType<typeof acmeEndpoint>>;
