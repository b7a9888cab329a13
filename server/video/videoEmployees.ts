import type { FastifyInstance } from 'fastify';
import { videoSessionRoutes as routes, type VideoPerson } from '../../src-shared/video/sessionContract';
import type { EndpointDb } from '../db/endpointDb';
import type { EndpointServices } from '../endpointServices';
import { serve } from '../http/serve';

/** The company's enabled employees whose role holds `video.conduct`, by name: who may be assigned to a session. */
export async function videoConductors(data: EndpointDb, companyId: string): Promise<VideoPerson[]> {
  const rows = await data.query
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select(['users.id', 'users.name', 'roles.permissions'])
    .where('users.company_id', '=', companyId)
    .where('users.disabled_at', 'is', null)
    .orderBy('users.name')
    .execute();
  return rows
    .filter((row) => (JSON.parse(row.permissions) as unknown[]).includes('video.conduct'))
    .map((row) => ({ userId: row.id, name: row.name }));
}

/** VS-3: whom an employee with `video.manage` may pick as a session's assignees (the direct creation dialog). */
export function serveVideoEmployees(app: FastifyInstance, { guards, data }: Pick<EndpointServices, 'guards' | 'data'>) {
  serve(app, routes['video.employees.list'], guards, async (request) => ({
    employees: await videoConductors(data, request.user!.companyId),
  }));
}
