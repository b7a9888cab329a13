import { createHash, createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import {
  DEVICE_CODE_ALPHABET,
  DEVICE_CODE_LENGTH,
  type VideoDevice,
  type VideoPerson,
} from '../../src-shared/video/contract';
import type { CodeUser, CodeUserTokens } from '../auth/codeUserAuth';
import type { EndpointDb, Queries } from '../db/endpointDb';
import type { SecretBox } from '../security/secretBox';
import { assigneesOf, conductingEmployees } from './videoPeople';

export interface VideoDeviceInput {
  name: string;
  customer: string;
  notes: string;
  group: string;
  /** Each an enabled employee of the company with `video.conduct`, or the write is refused. */
  assigneeIds: string[];
}

/** An assignee is no enabled employee of the company with `video.conduct`: nothing was written. */
export const ASSIGNEE_INVALID = 'assignee_invalid';

type Row = {
  id: string;
  name: string;
  customer: string;
  notes: string;
  code_sealed: string;
  disabled: number;
  created_at: string;
  device_group: string;
};

const COLUMNS = ['id', 'name', 'customer', 'notes', 'code_sealed', 'disabled', 'created_at', 'device_group'] as const;

/** A new code from a cryptographic source, grouped `ABCD-EFGH-JKMN`. */
function newCode(): string {
  const symbols = Array.from({ length: DEVICE_CODE_LENGTH }, () => DEVICE_CODE_ALPHABET[randomInt(32)]).join('');
  return `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8)}`;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * VS-1: a company's devices with codes, and the tokens of the code users who joined with them.
 * A code is sealed with the endpoint's secret key (its employees read it) and found by a keyed
 * hash (`codeKey`, the same on every instance), so neither the database alone nor a guess at the
 * hash gives a code away. Disabling a device or replacing its code revokes its code users' tokens.
 */
export class VideoDeviceStore implements CodeUserTokens {
  constructor(
    private readonly db: EndpointDb,
    private readonly secrets: SecretBox,
    /** The key the codes' lookup hashes are made with (`keyFor('video-device-code')`). */
    private readonly codeKey: Buffer,
  ) {}

  async list(companyId: string): Promise<VideoDevice[]> {
    const rows = await this.db.query
      .selectFrom('video_devices')
      .select(COLUMNS)
      .where('company_id', '=', companyId)
      .orderBy('name')
      .orderBy('id')
      .execute();
    const assignees = await assigneesOf(
      this.db.query,
      'video_device_assignees',
      rows.map((row) => row.id),
    );
    return rows.map((row) => this.#device(row, assignees.get(row.id) ?? []));
  }

  async create(
    companyId: string,
    { assigneeIds, group, ...input }: VideoDeviceInput,
    createdBy: string,
    now = new Date(),
  ): Promise<VideoDevice | typeof ASSIGNEE_INVALID> {
    return this.db.transaction(async (trx) => {
      const assignees = await conductingEmployees(trx, companyId, assigneeIds);
      if (!assignees) return ASSIGNEE_INVALID;
      const id = randomUUID();
      const code = newCode();
      await trx
        .insertInto('video_devices')
        .values({
          id,
          company_id: companyId,
          ...input,
          device_group: group,
          ...this.#codeColumns(id, code),
          created_at: now.toISOString(),
          created_by: createdBy,
        })
        .execute();
      await this.#assign(trx, id, assignees);
      return { id, ...input, group, assignees, code, disabled: false, createdAt: now.toISOString() };
    });
  }

  /** Changes what the company says about the device; disabling it revokes its code users' tokens. Null: no such device of the company. */
  async update(
    companyId: string,
    id: string,
    change: VideoDeviceInput & { disabled: boolean },
    now = new Date(),
  ): Promise<VideoDevice | typeof ASSIGNEE_INVALID | null> {
    return this.db
      .transaction(async (trx) => {
        const row = await trx
          .updateTable('video_devices')
          .set({
            name: change.name,
            customer: change.customer,
            notes: change.notes,
            device_group: change.group,
            disabled: change.disabled ? 1 : 0,
          })
          .where('company_id', '=', companyId)
          .where('id', '=', id)
          .returning(COLUMNS)
          .executeTakeFirst();
        if (!row) return null;
        const assignees = await conductingEmployees(trx, companyId, change.assigneeIds);
        // Thrown, so the transaction rolls the device's change back with it.
        if (!assignees) throw new AssigneeInvalid();
        await trx.deleteFrom('video_device_assignees').where('device_id', '=', id).execute();
        await this.#assign(trx, id, assignees);
        if (change.disabled) await this.#revokeTokens(trx, id, now);
        return this.#device(row, assignees);
      })
      .catch((error: unknown) => {
        if (error instanceof AssigneeInvalid) return ASSIGNEE_INVALID;
        throw error;
      });
  }

  /** A new code for the device: the old one stops working and its code users must join again. */
  async newCode(companyId: string, id: string, now = new Date()): Promise<VideoDevice | null> {
    return this.db.transaction(async (trx) => {
      const row = await trx
        .updateTable('video_devices')
        .set(this.#codeColumns(id, newCode()))
        .where('company_id', '=', companyId)
        .where('id', '=', id)
        .returning(COLUMNS)
        .executeTakeFirst();
      if (!row) return null;
      await this.#revokeTokens(trx, id, now);
      return this.#device(row, (await assigneesOf(trx, 'video_device_assignees', [id])).get(id) ?? []);
    });
  }

  /** A code user joins with `code` (as `typedDeviceCodeSchema` grouped it): a token, or null for no enabled device. */
  async join(
    code: string,
    now = new Date(),
  ): Promise<{ token: string; device: { id: string; name: string; company: string } } | null> {
    const device = await this.db.query
      .selectFrom('video_devices as d')
      .innerJoin('companies as c', 'c.id', 'd.company_id')
      .select(['d.id', 'd.name', 'c.name as company'])
      .where('d.code_key', '=', this.#key(code))
      .where('d.disabled', '=', 0)
      .executeTakeFirst();
    if (!device) return null;
    const token = randomBytes(32).toString('base64url');
    await this.db.query
      .insertInto('video_code_user_tokens')
      .values({ token_hash: tokenHash(token), device_id: device.id, created_at: now.toISOString() })
      .execute();
    return { token, device };
  }

  /** The device a code user's token stands for, while neither it nor the device is revoked or disabled. */
  async codeUser(token: string): Promise<CodeUser | null> {
    const found = await this.checkCodeUser(token);
    return found === 'revoked' ? null : found;
  }

  /** As `codeUser`, telling a revoked token (or one of a disabled device) from one never handed out. */
  async checkCodeUser(token: string): Promise<CodeUser | 'revoked' | null> {
    const row = await this.db.query
      .selectFrom('video_code_user_tokens as t')
      .innerJoin('video_devices as d', 'd.id', 't.device_id')
      .select(['d.id', 'd.company_id', 'd.disabled', 't.revoked_at'])
      .where('t.token_hash', '=', tokenHash(token))
      .executeTakeFirst();
    if (!row) return null;
    if (row.revoked_at !== null || row.disabled !== 0) return 'revoked';
    return { deviceId: row.id, companyId: row.company_id };
  }

  /** The device a code user stands for, as they see it: its name and its company's. */
  async codeUserDevice(codeUser: CodeUser): Promise<{ id: string; name: string; company: string } | null> {
    const device = await this.db.query
      .selectFrom('video_devices as d')
      .innerJoin('companies as c', 'c.id', 'd.company_id')
      .select(['d.id', 'd.name', 'c.name as company'])
      .where('d.id', '=', codeUser.deviceId)
      .where('d.company_id', '=', codeUser.companyId)
      .executeTakeFirst();
    return device ?? null;
  }

  #key(code: string): string {
    return createHmac('sha256', this.codeKey).update(code).digest('base64url');
  }

  #codeColumns(id: string, code: string) {
    return { code_sealed: this.secrets.seal(code, `video-device:${id}`), code_key: this.#key(code) };
  }

  async #revokeTokens(trx: Queries, deviceId: string, now: Date): Promise<void> {
    await trx
      .updateTable('video_code_user_tokens')
      .set({ revoked_at: now.toISOString() })
      .where('device_id', '=', deviceId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async #assign(trx: Queries, deviceId: string, assignees: readonly VideoPerson[]): Promise<void> {
    if (assignees.length === 0) return;
    await trx
      .insertInto('video_device_assignees')
      .values(assignees.map((person) => ({ device_id: deviceId, user_id: person.userId })))
      .execute();
  }

  #device(row: Row, assignees: VideoPerson[]): VideoDevice {
    return {
      id: row.id,
      name: row.name,
      customer: row.customer,
      notes: row.notes,
      code: this.secrets.open(row.code_sealed, `video-device:${row.id}`),
      disabled: row.disabled === 1,
      createdAt: row.created_at,
      group: row.device_group,
      assignees,
    };
  }
}

class AssigneeInvalid extends Error {}
