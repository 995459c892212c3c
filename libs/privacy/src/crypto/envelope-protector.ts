import { type KeySubject, PersonalDataProtector } from '../personal-data-protector';
import { DecryptionFailed, isSealed, open, seal } from './aes-gcm';
import type { SubjectKeyStore } from './key-store';
import { canonicalSubject, fieldAad } from './subject';

export interface SealedField {
  subject: KeySubject;
  field: string;
  sealed: string;
}

/**
 * Envelope encryption of personal data: each value is sealed with its subject's data key
 * (AES-256-GCM, a fresh IV per value), bound by AAD to `org|subject|field`; the data key itself
 * is stored only wrapped by the master key.
 */
export class EnvelopeProtector extends PersonalDataProtector {
  constructor(private readonly keys: SubjectKeyStore) {
    super();
  }

  /** Makes the subject's key on first use; throws SubjectErased for an erased subject. */
  async seal(subject: KeySubject, field: string, plaintext: string): Promise<string> {
    const canonical = canonicalSubject(subject);
    const aad = fieldAad(canonical, field);
    if (typeof plaintext !== 'string') throw new TypeError('only strings are sealed');
    const key = await this.keys.keyFor(canonical, { create: true });
    // keyFor with create either returns a key or throws; this guards the type, not a real path.
    if (!key) throw new Error('no data key after creating one');
    return seal(key, plaintext, aad);
  }

  /**
   * The plaintext, or null when the subject is erased (or has no key here). A value that was
   * altered or moved throws DecryptionFailed: tampering must never pass for an erasure.
   */
  async open(subject: KeySubject, field: string, sealed: string): Promise<string | null> {
    const canonical = canonicalSubject(subject);
    const aad = fieldAad(canonical, field);
    // Checked before the key lookup, so a mangled value fails the same way for erased subjects.
    if (!isSealed(sealed)) throw new DecryptionFailed('malformed');
    const key = await this.keys.keyFor(canonical, { create: false });
    return key ? open(key, sealed, aad) : null;
  }

  /** open() for many values (a list view) with one key lookup for all uncached subjects. */
  async openMany(values: SealedField[]): Promise<Array<string | null>> {
    const prepared = values.map(({ subject, field, sealed }) => {
      const canonical = canonicalSubject(subject);
      const aad = fieldAad(canonical, field);
      if (!isSealed(sealed)) throw new DecryptionFailed('malformed');
      return { canonical, aad, sealed };
    });
    const keys = await this.keys.keysFor(prepared.map((value) => value.canonical));
    return prepared.map(({ aad, sealed }, i) => {
      const key = keys[i];
      return key ? open(key, sealed, aad) : null;
    });
  }

  /** Crypto-shredding: every value ever sealed for the subject becomes unreadable for good. */
  async erase(subject: KeySubject): Promise<void> {
    await this.keys.destroy(subject);
  }
}
