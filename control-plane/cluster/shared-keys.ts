/**
 * Replicas must share the data dir's keys: agents trust one plan-signing key, and contact
 * credentials are sealed with one secret key. The first replica records each key's SHA-256
 * in the database; a replica started with other keys refuses to start instead of signing
 * plans agents reject or failing to open credentials.
 */
import { createHash } from 'node:crypto';
import type { SqlDatabase } from '../store/sql/database.ts';

export class KeysDifferError extends Error {
  readonly code = 'KEYS_DIFFER';
}

const fingerprint = (value: string | Buffer) => createHash('sha256').update(value).digest('hex');

/** Records or checks the fingerprints; throws `KeysDifferError` naming the key that differs. */
export function checkSharedKeys(db: SqlDatabase, keys: { signingPublicKeyPem: string; contactsKey: Buffer }): void {
  const read = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
  const write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  const wanted: Array<[string, string, string]> = [
    ['cluster.signing_key_sha256', fingerprint(keys.signingPublicKeyPem), 'keys/plan-signing-ed25519.pem'],
    ['cluster.contacts_key_sha256', fingerprint(keys.contactsKey), 'keys/contact-secrets.key'],
  ];
  db.transaction(() => {
    for (const [key, value, file] of wanted) {
      const stored = read.get(key);
      if (stored === undefined) write.run(key, value);
      else if (stored !== value) {
        throw new KeysDifferError(`${file} differs from the one the other replicas use: copy the first replica's keys/ folder into this data dir`);
      }
    }
  })();
}
