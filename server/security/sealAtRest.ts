import type { ServerDatabase } from '../db/serverDatabase';
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
export function sealPlaintextSecrets(db: ServerDatabase, box: SecretBox): number {
  let sealed = 0;
  db.transaction(() => {
    const webhooks = db.prepare("SELECT id, secret FROM webhooks WHERE secret NOT LIKE 'tsb1:%'").all() as {
      id: string;
      secret: string;
    }[];
    const updateWebhook = db.prepare('UPDATE webhooks SET secret = ? WHERE id = ?');
    for (const row of webhooks) {
      updateWebhook.run(box.seal(row.secret, secretContext.webhook(row.id)), row.id);
      sealed++;
    }

    const connectors = db.prepare('SELECT company_id, kind, config FROM connectors').all() as {
      company_id: string;
      kind: string;
      config: string;
    }[];
    const updateConnector = db.prepare('UPDATE connectors SET config = ? WHERE company_id = ? AND kind = ?');
    for (const row of connectors) {
      const config = JSON.parse(row.config) as { secret?: string };
      if (typeof config.secret !== 'string' || SecretBox.isSealed(config.secret)) continue;
      config.secret = box.seal(config.secret, secretContext.connector(row.company_id, row.kind));
      updateConnector.run(JSON.stringify(config), row.company_id, row.kind);
      sealed++;
    }

    const users = db
      .prepare("SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE 'tsb1:%'")
      .all() as { id: string; totp_secret: string }[];
    const updateUser = db.prepare('UPDATE users SET totp_secret = ? WHERE id = ?');
    for (const row of users) {
      updateUser.run(box.seal(row.totp_secret, secretContext.totp(row.id)), row.id);
      sealed++;
    }
  })();
  return sealed;
}

/**
 * At start: opens the database's secret box with the operator's key (or, on a loopback-only
 * endpoint without one, the generated key in its data folder) and seals any plaintext an older
 * version left. The old plaintext is overwritten on disk (secure_delete, then a checkpoint).
 */
export function prepareSecretsAtRest(db: ServerDatabase, dataDir: string, operatorKey: Buffer | undefined): SecretBox {
  const box = openSecretBox(db, operatorKey ?? localSecretKey(dataDir, hasSecretBox(db)));
  if (sealPlaintextSecrets(db, box) > 0) db.pragma('wal_checkpoint(TRUNCATE)');
  return box;
}
