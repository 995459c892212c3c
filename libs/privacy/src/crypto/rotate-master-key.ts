import type { Database } from '@huquq/platform';
import { resealTotpSecrets } from '@huquq/identity';

import { InvalidMasterKey, MasterKey } from './master-key';
import { SubjectKeyStore } from './key-store';
import { recordMasterKeyFingerprint } from './master-key-fingerprint';

/**
 * Moves every data key from the old master key to the new one (`keys:rotate`). Events and
 * views are not read or written: they are sealed with data keys, which do not change.
 *
 * Run it with HUQUQ_MASTER_KEY already set to the new key and HUQUQ_PREVIOUS_MASTER_KEY to the
 * old one in the running services, so they read keys on either side of the rotation; once
 * `remaining` is 0 the old key can be dropped from the configuration and destroyed.
 */
export async function rotateMasterKey(
  /** The keyring holds the data keys; the main database the users' second factors. */
  { keyring, db }: { keyring: Database; db: Database },
  oldMasterKey: string,
  newMasterKey: string,
): Promise<{ rewrapped: number; remaining: number; masterKeyId: string; totpResealed: number }> {
  const oldMaster = MasterKey.parse(oldMasterKey, 'old master key');
  const newMaster = MasterKey.parse(newMasterKey, 'new master key');
  if (oldMaster.id === newMaster.id) {
    throw new InvalidMasterKey('the new master key is the same as the old one');
  }
  // No cache: a one-shot run has no repeated reads, and nothing unwrapped should linger.
  const store = new SubjectKeyStore(keyring, oldMaster, { cacheTtlMs: 0 });
  const { rewrapped, remaining } = await store.rewrapAll(newMaster);
  // Second factors are sealed under a key derived from the master key too (docs/decisions/0031).
  const totpResealed = await resealTotpSecrets(db, oldMasterKey, newMasterKey);
  // Done: a start with the new key alone is the right one from now on.
  if (remaining === 0) await recordMasterKeyFingerprint(keyring, newMaster.id);
  return { rewrapped, remaining, masterKeyId: newMaster.id, totpResealed };
}
