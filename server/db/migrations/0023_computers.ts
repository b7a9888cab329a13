import type { EndpointMigration } from './migration';

/**
 * LV (Computers): what a company's supporters see of its computers. A device says whether it takes
 * unattended access (a permanent password is set): 1 or 0, null until it has said. The new
 * permission goes to the roles that manage users (the administrators), who could grant it anyway.
 */
export const migration: EndpointMigration = {
  version: 23,
  name: 'computers',
  sqlite: `
    ALTER TABLE devices ADD COLUMN unattended INTEGER CHECK (unattended IN (0, 1));
    CREATE INDEX devices_company_name ON devices (company_id, name);
    UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'computers.view')
      WHERE EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'admin.users');
  `,
  postgres: `
    ALTER TABLE devices ADD COLUMN unattended INTEGER CHECK (unattended IN (0, 1));
    CREATE INDEX devices_company_name ON devices (company_id, name);
    UPDATE roles SET permissions = (permissions::jsonb || '["computers.view"]'::jsonb)::text
      WHERE permissions::jsonb ? 'admin.users';
  `,
};
