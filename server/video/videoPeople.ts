import { permissionSchema } from '../../src-shared/domain/accounts';
import type { VideoPerson } from '../../src-shared/video/contract';
import type { Queries } from '../db/endpointDb';

/**
 * The people `ids` name, in that order, when every one is an enabled employee of the company whose
 * role grants `video.conduct` (VS-3, VS-7: only they conduct calls); null when any is not.
 */
export async function conductingEmployees(
  trx: Queries,
  companyId: string,
  ids: readonly string[],
): Promise<VideoPerson[] | null> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await trx
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select(['users.id', 'users.name', 'roles.permissions'])
    .where('users.company_id', '=', companyId)
    .where('users.disabled_at', 'is', null)
    .where('users.id', 'in', unique)
    .execute();
  const conducting = new Map(
    rows.filter((row) => grants(row.permissions, 'video.conduct')).map((row) => [row.id, row.name]),
  );
  if (unique.some((id) => !conducting.has(id))) return null;
  return unique.map((id) => ({ userId: id, name: conducting.get(id)! })).sort(byName);
}

/** People by name, then ID: as every list of assignees reads, whichever engine. */
const byName = (a: VideoPerson, b: VideoPerson) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;

/** Whether a role's stored permissions (JSON text) include `permission`. */
function grants(json: string, permission: 'video.conduct'): boolean {
  const parsed = permissionSchema.array().safeParse(JSON.parse(json));
  return parsed.success && parsed.data.includes(permission);
}

/** The people assigned to each of `ids` (sessions or devices), by name, from an assignee table. */
export async function assigneesOf(
  trx: Queries,
  table: 'video_session_assignees' | 'video_device_assignees',
  ids: readonly string[],
): Promise<Map<string, VideoPerson[]>> {
  const byOwner = new Map<string, VideoPerson[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byOwner;
  const rows =
    table === 'video_session_assignees'
      ? await trx
          .selectFrom('video_session_assignees as a')
          .innerJoin('users as u', 'u.id', 'a.user_id')
          .select(['a.session_id as owner', 'a.user_id', 'u.name'])
          .where('a.session_id', 'in', [...ids])
          .execute()
      : await trx
          .selectFrom('video_device_assignees as a')
          .innerJoin('users as u', 'u.id', 'a.user_id')
          .select(['a.device_id as owner', 'a.user_id', 'u.name'])
          .where('a.device_id', 'in', [...ids])
          .execute();
  for (const row of rows) byOwner.get(row.owner)?.push({ userId: row.user_id, name: row.name });
  // Sorted here, not by the database, so both engines list them alike.
  for (const people of byOwner.values()) people.sort(byName);
  return byOwner;
}
