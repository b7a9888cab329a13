import { checkpoint } from '../db/dialect';
import type { EndpointDb } from '../db/endpointDb';
import { hasSecretBox, openSecretBox, SecretBox } from './secretBox';
import { localSecretKey } from './secretKey';

/**
 * Every secret the endpoint keeps, with the context it is sealed under. Stores seal and open
 * with these same contexts; keep them in step.
 */
export const secretContext = {
  webhook: (webhookId: string) => `webhook:${webhookId}`,
  connector: (companyId: string, kind: string) => `connector:${companyId}:${kind}`,
  totp: (userId: string) => `totp:${userId}`,
};

/**
 * Seals what an older version stored in plaintext, once, at start and in one transaction: TOTP
 * secrets, webhook signing secrets, and connector passwords and tokens. Returns how many.
 */
export function sealPlaintextSecrets(data: EndpointDb, box: SecretBox): Promise<number> {
  return data.transaction(async (trx) => {
    let sealed = 0;
    const webhooks = await trx
      .selectFrom('webhooks')
      .select(['id', 'secret'])
      .where('secret', 'not like', 'tsb1:%')
      .execute();
    for (const row of webhooks) {
      await trx
        .updateTable('webhooks')
        .set({ secret: box.seal(row.secret, secretContext.webhook(row.id)) })
        .where('id', '=', row.id)
        .execute();
      sealed++;
    }

    const connectors = await trx.selectFrom('connectors').select(['company_id', 'kind', 'config']).execute();
    for (const row of connectors) {
      const config = JSON.parse(row.config) as { secret?: string };
      if (typeof config.secret !== 'string' || SecretBox.isSealed(config.secret)) continue;
      config.secret = box.seal(config.secret, secretContext.connector(row.company_id, row.kind));
      await trx
        .updateTable('connectors')
        .set({ config: JSON.stringify(config) })
        .where('company_id', '=', row.company_id)
        .where('kind', '=', row.kind)
        .execute();
      sealed++;
    }

    const users = await trx
      .selectFrom('users')
      .select(['id', 'totp_secret'])
      .where('totp_secret', 'is not', null)
      .where('totp_secret', 'not like', 'tsb1:%')
      .execute();
    for (const row of users) {
      await trx
        .updateTable('users')
        .set({ totp_secret: box.seal(row.totp_secret!, secretContext.totp(row.id)) })
        .where('id', '=', row.id)
        .execute();
      sealed++;
    }
    return sealed;
  });
}

/**
 * At start: opens the database's secret box with the operator's key (or, on a loopback-only
 * endpoint without one, the generated key in its data folder) and seals any plaintext an older
 * version left. On SQLite the old plaintext is overwritten on disk (secure_delete, then a checkpoint).
 */
export async function prepareSecretsAtRest(
  data: EndpointDb,
  dataDir: string,
  operatorKey: Buffer | undefined,
): Promise<SecretBox> {
  const box = await openSecretBox(data, operatorKey ?? localSecretKey(dataDir, await hasSecretBox(data)));
  if ((await sealPlaintextSecrets(data, box)) > 0) await checkpoint(data);
  return box;
}
