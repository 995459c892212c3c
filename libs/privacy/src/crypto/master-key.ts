import { createHash, createHmac } from 'node:crypto';

import { AES_KEY_BYTES, DecryptionFailed, open, seal } from './aes-gcm';

/** The master key given in configuration is unusable; the message never repeats the value. */
export class InvalidMasterKey extends Error {
  override readonly name = 'InvalidMasterKey';
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The key that wraps every subject's data key (HUQUQ_MASTER_KEY). It never encrypts personal
 * data itself, so replacing it means re-wrapping one short row per person, not rewriting events.
 */
export class MasterKey {
  /**
   * Names this master without revealing it, so each wrapped key records which master wrapped
   * it and a rotation can tell what is left to do.
   */
  readonly id: string;
  // Private fields: the bytes never show in JSON.stringify, util.inspect or a logged error.
  readonly #wrappingKey: Buffer;

  private constructor(material: Buffer) {
    // Separate keys for separate jobs, both from the one configured secret: the id is
    // published in every row, so it must not be computed with the key that encrypts.
    this.#wrappingKey = derive(material, 'huquq/master-key/wrap-data-keys/v1');
    this.id = createHash('sha256')
      .update(derive(material, 'huquq/master-key/id/v1'))
      .digest('hex')
      .slice(0, 16);
  }

  /** 32 bytes in base64 or base64url (padding optional), as `openssl rand -base64 32` prints. */
  static parse(text: string, name = 'master key'): MasterKey {
    const trimmed = typeof text === 'string' ? text.trim() : '';
    const bytes = decodeBase64(trimmed);
    if (!bytes || bytes.length !== AES_KEY_BYTES) {
      throw new InvalidMasterKey(
        `${name} must be ${AES_KEY_BYTES} random bytes in base64 or base64url (e.g. \`openssl rand -base64 32\`)`,
      );
    }
    return new MasterKey(bytes);
  }

  static fromBytes(bytes: Buffer): MasterKey {
    if (!Buffer.isBuffer(bytes) || bytes.length !== AES_KEY_BYTES) {
      throw new InvalidMasterKey(`master key must be ${AES_KEY_BYTES} bytes`);
    }
    return new MasterKey(Buffer.from(bytes));
  }

  /** The data key sealed to its owner: a wrapped key copied to another subject or org fails. */
  wrap(orgId: string, subjectId: string, dataKey: Buffer): string {
    return seal(this.#wrappingKey, dataKey.toString('base64url'), wrapAad(orgId, subjectId));
  }

  /** Throws DecryptionFailed when the row was altered, moved, or wrapped by another master. */
  unwrap(orgId: string, subjectId: string, wrapped: string): Buffer {
    const dataKey = Buffer.from(open(this.#wrappingKey, wrapped, wrapAad(orgId, subjectId)), 'base64url');
    // Only someone holding the master key could produce this; treat it as the tampering it is.
    if (dataKey.length !== AES_KEY_BYTES) throw new DecryptionFailed('malformed');
    return dataKey;
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }
}

function wrapAad(orgId: string, subjectId: string): string {
  return `${orgId.toLowerCase()}|${subjectId.toLowerCase()}|data-key`;
}

function derive(material: Buffer, purpose: string): Buffer {
  return createHmac('sha256', material).update(purpose, 'utf8').digest();
}

/** Strict decoding: Buffer.from(…, 'base64') silently skips junk, which would hide typos. */
function decodeBase64(text: string): Buffer | null {
  if (BASE64URL.test(text)) {
    const bytes = Buffer.from(text, 'base64url');
    return bytes.toString('base64url') === text ? bytes : null;
  }
  if (BASE64.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    return bytes.toString('base64').replace(/=+$/, '') === text.replace(/=+$/, '') ? bytes : null;
  }
  return null;
}
