/**
 * Sealing of outgoing credentials (contact robot URLs and signing secrets) at rest:
 * AES-256-GCM with a random 96-bit IV per value and the row and field as associated data, so
 * a sealed value copied into another row or field does not open. The key is created once per
 * data directory (mode 0600, next to the plan-signing key) and never leaves it; a database
 * copied without it holds no usable credential.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const VERSION = 'v1';

/** Seals and opens short secrets bound to a context such as `contact:<id>:url`. */
export interface SecretBox {
  seal(plain: string, context: string): string;
  /** Throws when the value was not sealed with this key and context. */
  open(sealed: string, context: string): string;
}

/** A box over a 32-byte key. */
export function secretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new Error(`a secret box key must be ${KEY_BYTES} bytes, got ${key.length}`);
  return {
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv, data, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open(sealed, context) {
      const [version, iv, data, tag] = sealed.split('.');
      if (version !== VERSION || tag === undefined) throw new Error('not a sealed value this Tideway can open');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/** A fresh random key, for an in-memory database whose sealed values die with it. */
export const ephemeralSecretKey = (): Buffer => randomBytes(KEY_BYTES);

/** Where the key of a data directory lives. */
export const secretKeyPath = (dataDir: string) => join(dataDir, 'keys', 'contact-secrets.key');

/**
 * Reads the data directory's key, creating it on first use. The file is written aside and
 * hard-linked into place, so a server and an admin command starting together agree on one key
 * and neither can read a half-written file.
 */
export function loadOrCreateSecretKey(dataDir: string): Buffer {
  const file = secretKeyPath(dataDir);
  if (!existsSync(file)) {
    mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
    const staging = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(staging, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(staging, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(staging, { force: true });
    }
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${file} does not hold a ${KEY_BYTES}-byte base64 key; restore it from backup`);
  return key;
}
