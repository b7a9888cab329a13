import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';
import { videoParties } from '../../../support/videoParties';

/** VS-3, VS-7: whom a manager may assign a session to — the company's enabled employees who conduct video sessions. */
describe('video.employees.list: the assignee picker’s choices', () => {
  let server: RunningServer | undefined;
  let dir: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    dir?.cleanup();
  });

  it('lists only enabled employees of the caller’s company with video.conduct, by name; others are refused', async () => {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    const parties = videoParties(() => server!.url, dir.path);
    const { call } = parties;
    const acme = await parties.company('Acme', 'acme.test');
    const zoe = await parties.employee(acme.admin, 'zoe@acme.test', ['video.conduct', 'video.view']);
    const cora = await parties.employee(acme.admin, 'cora@acme.test', ['video.conduct']);
    const gone = await parties.employee(acme.admin, 'gone@acme.test', ['video.conduct']);
    await parties.employee(acme.admin, 'vera@acme.test', ['video.view']);
    const globex = await parties.company('Globex', 'globex.test');
    await parties.employee(globex.admin, 'gina@globex.test', ['video.conduct']);
    const disabled = await call('PUT', `/api/v1/admin/users/${gone.id}/disabled`, { disabled: true }, acme.admin);
    expect(disabled.status).toBeLessThan(300);

    const listed = await call('GET', '/api/v1/video/employees', undefined, acme.manager);
    expect(listed.status).toBe(200);
    // The administrator holds every permission, video.conduct among them.
    expect(listed.body).toEqual({
      employees: [
        { userId: expect.any(String), name: 'Acme Admin' },
        { userId: cora.id, name: 'cora' },
        { userId: zoe.id, name: 'zoe' },
      ],
    });
    // Conducting alone does not let one pick whom to assign.
    const refused = await call('GET', '/api/v1/video/employees', undefined, cora.token);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'forbidden' } });
  });
});
