import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

import { nameSkeletons } from './name-skeleton';
import { normalizeDateOfBirth, normalizePassport, normalizePhone } from './normalize';

/**
 * Keyed blind index for duplicate detection without plaintext.
 *
 * Each identifier is normalized (normalize.ts, name-skeleton.ts) and HMAC-SHA256'd under a secret
 * key; only `kind:tag` strings are stored, so a seized database or backup shows which records
 * share a value but not the value. An attacker who also has the key can test guesses, so the key
 * lives with the other secrets, never beside the index, and each organization gets its own key
 * (e.g. HKDF from a master key with the tenant id) so that indexes of two tenants cannot be joined.
 */

export type BlindIndexKind = 'passport' | 'phone' | 'name' | 'name_dob';

export interface BlindIndexPerson {
  fullName?: string | null;
  phone?: string | null;
  passportNumber?: string | null;
  dateOfBirth?: string | null;
}

/** HMAC-SHA256 keys shorter than the hash output weaken it; refuse them rather than pad. */
export const BLIND_INDEX_MIN_KEY_BYTES = 32;

/**
 * 128 bits keeps accidental collisions negligible across millions of people; storing the full
 * 256-bit MAC would add bytes to every index row and nothing to matching.
 */
const BLIND_INDEX_TAG_BYTES = 16;

export class BlindIndex {
  // A KeyObject, in a private field: the key bytes never show up in JSON.stringify, util.inspect
  // or an error serializer that walks the instance, and later writes to the caller's Buffer
  // cannot change the index.
  readonly #key: KeyObject;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length < BLIND_INDEX_MIN_KEY_BYTES) {
      throw new RangeError(`blind index key must be at least ${BLIND_INDEX_MIN_KEY_BYTES} bytes`);
    }
    this.#key = createSecretKey(Buffer.from(key));
  }

  /**
   * Blind index keys of a person, as `kind:base64url(tag)`, in a stable order (passport, phone,
   * name, name_dob) without repeats. Two records that share any key are possible duplicates.
   * Missing or unusable fields simply contribute no key; name_dob keys need both a name and a
   * valid date of birth, and are the strong signal when the name alone is common.
   */
  keysFor(person: BlindIndexPerson): string[] {
    const keys: string[] = [];
    const passport = normalizePassport(person.passportNumber);
    if (passport) keys.push(this.tag('passport', passport));
    const phone = normalizePhone(person.phone);
    if (phone) keys.push(this.tag('phone', phone));

    const names = person.fullName ? nameSkeletons(person.fullName) : [];
    for (const name of names) keys.push(this.tag('name', name));
    const dob = normalizeDateOfBirth(person.dateOfBirth);
    if (dob) for (const name of names) keys.push(this.tag('name_dob', `${name}|${dob}`));

    return [...new Set(keys)];
  }

  private tag(kind: BlindIndexKind, value: string): string {
    // The kind is inside the MAC too, so equal strings of different kinds (a phone typed into the
    // passport field) never produce equal tags.
    const mac = createHmac('sha256', this.#key).update(`${kind}:${value}`, 'utf8').digest();
    return `${kind}:${mac.subarray(0, BLIND_INDEX_TAG_BYTES).toString('base64url')}`;
  }
}
