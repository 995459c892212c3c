import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

import { nameKeys } from './name-skeleton';
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

/**
 * `person`: a name with what is known of the patronymic and date of birth (see personKeys);
 * `name_typo`: the name one letter off, with the same date of birth; `name` and `name_dob` are
 * the keys of people logged before those two existed, still probed so that they are found.
 */
export type BlindIndexKind = 'passport' | 'phone' | 'person' | 'name_typo' | 'name' | 'name_dob';

/** Stands for "any value" (stored) and "no value" (probed) of an optional part of a person key. */
const ANY = '*';
const NONE = '-';

/**
 * What a probe key stands for when it meets a stored key: the same passport, the same phone, the
 * same name and a date of birth both records know and agree on, the name one letter off with
 * that date, or the name alone (what one of the two records lacks cannot agree or differ).
 * Stored and probed keys are equal when they meet, so the probe's basis is the match's.
 */
export type MatchBasis =
  'passport' | 'phone' | 'name_and_birth_date' | 'similar_name_and_birth_date' | 'name';

export interface Probe {
  key: string;
  basis: MatchBasis;
}

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
   * The keys stored for a person, as `kind:base64url(tag)`, in a stable order without repeats.
   * A later appeal finds this person when one of its probesFor() keys is among them.
   * Missing or unusable fields contribute no key.
   */
  keysFor(person: BlindIndexPerson): string[] {
    return this.keys(person, 'stored').map((p) => p.key);
  }

  /** The keys an appeal looks for: the stored keys of everyone who may be this person. */
  probesFor(person: BlindIndexPerson): string[] {
    return this.keys(person, 'probe').map((p) => p.key);
  }

  /** The probe keys, each with what it matches on (a search ranks its hits by it). */
  probesWithBasis(person: BlindIndexPerson): Probe[] {
    return this.keys(person, 'probe');
  }

  private keys(person: BlindIndexPerson, side: 'stored' | 'probe'): Probe[] {
    const keys: Probe[] = [];
    const add = (kind: BlindIndexKind, value: string, basis: MatchBasis) =>
      keys.push({ key: this.tag(kind, value), basis });
    const passport = normalizePassport(person.passportNumber);
    if (passport) add('passport', passport, 'passport');
    const phone = normalizePhone(person.phone);
    if (phone) add('phone', phone, 'phone');

    const name = person.fullName ? nameKeys(person.fullName) : { cores: [], patronymic: null };
    const dob = normalizeDateOfBirth(person.dateOfBirth);
    for (const core of name.cores) {
      for (const patronymic of optionalPart(name.patronymic, side)) {
        for (const date of optionalPart(dob, side))
          add('person', `${core}|${patronymic}|${date}`, date === dob ? 'name_and_birth_date' : 'name');
      }
    }
    // A one-letter slip (Рахимов / Рахимом) only counts when the dates of birth agree.
    const [plain] = name.cores;
    if (plain && dob)
      for (const near of oneLetterOff(plain))
        add('name_typo', `${near}|${dob}`, 'similar_name_and_birth_date');
    if (side === 'probe') {
      for (const core of name.cores) add('name', core, 'name');
      if (dob) for (const core of name.cores) add('name_dob', `${core}|${dob}`, 'name_and_birth_date');
    }
    const seen = new Set<string>();
    return keys.filter((k) => !seen.has(k.key) && seen.add(k.key));
  }

  private tag(kind: BlindIndexKind, value: string): string {
    // The kind is inside the MAC too, so equal strings of different kinds (a phone typed into the
    // passport field) never produce equal tags.
    const mac = createHmac('sha256', this.#key).update(`${kind}:${value}`, 'utf8').digest();
    return `${kind}:${mac.subarray(0, BLIND_INDEX_TAG_BYTES).toString('base64url')}`;
  }
}

/**
 * An optional part of a person key (patronymic, date of birth), so that two records match when
 * the part agrees or one of them lacks it, and never when both have it and it differs:
 * stored {value, ANY} or {NONE}; probed {value, NONE} or {ANY, NONE}.
 */
function optionalPart(value: string | null, side: 'stored' | 'probe'): string[] {
  if (side === 'stored') return value ? [value, ANY] : [NONE];
  return value ? [value, NONE] : [ANY, NONE];
}

/**
 * The deletion neighbourhood of a key: the key and the key with one letter left out. Two keys
 * one substitution, insertion or deletion apart share one of these.
 */
function oneLetterOff(key: string): string[] {
  const out = [key];
  for (let i = 0; i < key.length; i++) if (key[i] !== ' ') out.push(key.slice(0, i) + key.slice(i + 1));
  return out;
}
