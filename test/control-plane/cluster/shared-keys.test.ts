/** Replicas must share keys: the first records their fingerprints, another with other keys is refused. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSharedKeys } from '../../../control-plane/cluster/shared-keys.ts';
import { ephemeralSecretKey } from '../../../control-plane/notices/secret-box.ts';
import { generateSigningKey } from '../../../control-plane/services/signing-key.ts';
import type { SqlStore } from '../../../control-plane/store/sql/store.ts';
import { openTestStore } from '../../helpers/test-store.ts';

let store: SqlStore;
beforeEach(async () => void (store = await openTestStore()));
afterEach(() => store.close());

describe('shared keys', () => {
  it('accepts the same keys again and refuses a replica whose signing or contacts key differs', () => {
    const keys = { signingPublicKeyPem: generateSigningKey().publicKeyPem, contactsKey: ephemeralSecretKey() };
    checkSharedKeys(store.db, keys);
    expect(() => checkSharedKeys(store.db, keys)).not.toThrow();
    expect(() => checkSharedKeys(store.db, { ...keys, signingPublicKeyPem: generateSigningKey().publicKeyPem })).toThrow(
      expect.objectContaining({ code: 'KEYS_DIFFER', message: expect.stringContaining('plan-signing') }),
    );
    expect(() => checkSharedKeys(store.db, { ...keys, contactsKey: ephemeralSecretKey() })).toThrow(
      expect.objectContaining({ code: 'KEYS_DIFFER', message: expect.stringContaining('contact-secrets') }),
    );
  });
});
