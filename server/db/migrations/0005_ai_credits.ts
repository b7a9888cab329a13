import type { Migration } from '../../../src-shared/sqlite/migrate';

export const migration: Migration = {
  version: 5,
  name: 'ai_credits',
  up: `
    ALTER TABLE companies ADD COLUMN plan TEXT NOT NULL DEFAULT 'business'
      CHECK (plan IN ('business', 'premium', 'corporate', 'tensor'));

    -- SI-11: an append-only ledger. Each entry belongs to one pack (a monthly grant or a
    -- purchase); a pack's remaining credits are the sum of its entries, the balance the sum of all.
    CREATE TABLE credit_ledger (
      id         INTEGER PRIMARY KEY,
      company_id TEXT NOT NULL REFERENCES companies (id),
      at         TEXT NOT NULL,
      kind       TEXT NOT NULL CHECK (kind IN ('grant', 'purchase', 'reserve', 'refund', 'expire')),
      amount     INTEGER NOT NULL,
      pack_id    TEXT NOT NULL,
      expires_at TEXT,
      session_id TEXT
    ) STRICT;
    CREATE INDEX credit_ledger_company ON credit_ledger (company_id, pack_id);
    CREATE INDEX credit_ledger_session ON credit_ledger (company_id, session_id);
    CREATE TRIGGER credit_ledger_append_only_update BEFORE UPDATE ON credit_ledger
      BEGIN SELECT RAISE(ABORT, 'the credit ledger is append-only'); END;
    CREATE TRIGGER credit_ledger_append_only_delete BEFORE DELETE ON credit_ledger
      BEGIN SELECT RAISE(ABORT, 'the credit ledger is append-only'); END;
  `,
};
