/** SQLite tenant contacts; robot URLs and signing secrets are sealed before they are written. */
import type { SecretBox } from '../../notices/secret-box.ts';
import type { Contact, ContactKind, ContactLanguage, ContactStore } from '../notice-types.ts';
import type { SqlDatabase } from '../sql/database.ts';

interface ContactRow {
  id: string;
  tenant_id: string;
  name: string;
  kind: ContactKind;
  url_sealed: string;
  secret_sealed: string | null;
  language: ContactLanguage;
  created_at: number;
  updated_at: number;
}

// The row id and field are the associated data: a sealed URL moved to another row does not open.
const urlContext = (id: string) => `contact:${id}:url`;
const secretContext = (id: string) => `contact:${id}:secret`;

export function sqliteContactStore(db: SqlDatabase, box: SecretBox): ContactStore {
  const toContact = (row: ContactRow): Contact => ({
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    kind: row.kind,
    url: box.open(row.url_sealed, urlContext(row.id)),
    secret: row.secret_sealed === null ? null : box.open(row.secret_sealed, secretContext(row.id)),
    language: row.language,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
  const sealed = (contact: Contact) => ({
    ...contact,
    urlSealed: box.seal(contact.url, urlContext(contact.id)),
    secretSealed: contact.secret === null ? null : box.seal(contact.secret, secretContext(contact.id)),
  });
  const insert = db.prepare(
    `INSERT INTO tenant_contacts (id, tenant_id, name, kind, url_sealed, secret_sealed, language, created_at, updated_at)
     VALUES (@id, @tenantId, @name, @kind, @urlSealed, @secretSealed, @language, @createdAt, @updatedAt)`,
  );
  const update = db.prepare(
    `UPDATE tenant_contacts SET name = @name, kind = @kind, url_sealed = @urlSealed, secret_sealed = @secretSealed, language = @language, updated_at = @updatedAt
     WHERE id = @id`,
  );
  const one = db.prepare<[string], ContactRow>('SELECT * FROM tenant_contacts WHERE id = ?');
  const ofTenant = db.prepare<[string], ContactRow>('SELECT * FROM tenant_contacts WHERE tenant_id = ? ORDER BY created_at, id');
  const remove = db.prepare('DELETE FROM tenant_contacts WHERE id = ?');
  return {
    create: (contact) => void insert.run(sealed(contact)),
    get: (id) => {
      const row = one.get(id);
      return row && toContact(row);
    },
    list: (tenantId) => ofTenant.all(tenantId).map(toContact),
    update: (contact) => update.run(sealed(contact)).changes > 0,
    delete: (id) => remove.run(id).changes > 0,
  };
}
