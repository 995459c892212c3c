import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const INFO = 'huquq totp secret v1';

/**
 * Seals TOTP secrets at rest (AES-256-GCM, the user's id as authenticated data) under a key
 * derived from HUQUQ_MASTER_KEY, so a database dump alone yields no second factor. During a
 * master-key rotation the previous key still opens them; a login re-seals under the current one.
 */
export class TotpSecretBox {
  private readonly keys: Buffer[];

  constructor(masterKey: string, previousMasterKey?: string) {
    this.keys = [masterKey, previousMasterKey]
      .filter((key): key is string => !!key)
      .map((key) => Buffer.from(hkdfSync('sha256', Buffer.from(key, 'base64'), Buffer.alloc(0), INFO, 32)));
  }

  seal(userId: string, secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0], iv).setAAD(Buffer.from(userId));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, sealed, cipher.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** The secret, and whether it was sealed under the current key; null when no key opens it. */
  open(userId: string, stored: string): { secret: string; current: boolean } | null {
    const [version, iv, sealed, tag] = stored.split('.');
    if (version !== 'v1' || !iv || !sealed || !tag) return null;
    for (const [i, key] of this.keys.entries()) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
          .setAAD(Buffer.from(userId))
          .setAuthTag(Buffer.from(tag, 'base64url'));
        const secret = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]);
        return { secret: secret.toString('utf8'), current: i === 0 };
      } catch {
        // Not this key's: try the next.
      }
    }
    return null;
  }
}
