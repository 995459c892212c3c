import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for one value at a time, as one compact string:
 * `pd1.<iv>.<ciphertext>.<tag>`, each part base64url without padding.
 *
 * The version prefix lets a later format live beside this one in old events. The AAD is not
 * stored: the reader must know whose value it is and which field it sits in, so a value copied
 * to another person or field does not open.
 */
const SEALED_PREFIX = 'pd1';
export const AES_KEY_BYTES = 32;
/** 96 bits: the size GCM is built for; random per value, so one key may seal ~2^32 values. */
export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;

// The IV (12 bytes) and tag (16 bytes) have fixed encoded lengths; the ciphertext may be empty.
const SEALED_SHAPE = /^pd1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{22})$/;

/**
 * A sealed value did not open: it was altered, malformed, or sealed under another key or AAD.
 * Deliberately says nothing about the value, the key or which part failed beyond the reason,
 * because messages end up in logs.
 */
export class DecryptionFailed extends Error {
  override readonly name = 'DecryptionFailed';
  constructor(readonly reason: 'malformed' | 'unauthentic') {
    super(
      reason === 'malformed'
        ? 'Sealed value is malformed'
        : 'Sealed value failed authentication (altered, or sealed for another key, subject or field)',
    );
  }
}

/** True for a string shaped like a sealed value; says nothing about whether it will open. */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && SEALED_SHAPE.test(value) && canonicalParts(value) !== null;
}

export function seal(key: Buffer, plaintext: string, aad: string): string {
  checkKey(key);
  const iv = randomBytes(GCM_IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [SEALED_PREFIX, b64(iv), b64(ciphertext), b64(tag)].join('.');
}

export function open(key: Buffer, sealed: string, aad: string): string {
  checkKey(key);
  const parts = typeof sealed === 'string' ? canonicalParts(sealed) : null;
  if (!parts) throw new DecryptionFailed('malformed');
  const [iv, ciphertext, tag] = parts;
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  let plaintext: Buffer;
  try {
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    // OpenSSL's own error is generic too; not chaining it keeps error serializers from
    // walking into anything that might one day carry more.
    throw new DecryptionFailed('unauthentic');
  }
  return plaintext.toString('utf8');
}

function checkKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== AES_KEY_BYTES) {
    throw new RangeError(`AES-256-GCM key must be ${AES_KEY_BYTES} bytes`);
  }
}

/**
 * Decodes the three parts, insisting on the one canonical encoding: base64url tolerates spare
 * bits in the last character, and a value that can be rewritten without failing would make
 * "a changed byte never opens" untrue for the stored string.
 */
function canonicalParts(sealed: string): [Buffer, Buffer, Buffer] | null {
  const match = SEALED_SHAPE.exec(sealed);
  if (!match) return null;
  const decoded = match.slice(1, 4).map((part) => {
    const bytes = Buffer.from(part, 'base64url');
    return b64(bytes) === part ? bytes : null;
  });
  const [iv, ciphertext, tag] = decoded;
  if (!iv || !ciphertext || !tag) return null;
  if (iv.length !== GCM_IV_BYTES || tag.length !== GCM_TAG_BYTES) return null;
  return [iv, ciphertext, tag];
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}
