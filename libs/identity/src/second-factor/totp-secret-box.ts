import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Sql } from '@huquq/platform';

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

/**
 * `keys:rotate`'s part for second factors: every TOTP secret (in force or proposed) sealed under
 * the old master key is sealed again under the new one. Answers how many were.
 */
export async function resealTotpSecrets(
  db: Sql,
  oldMasterKey: string,
  newMasterKey: string,
): Promise<number> {
  const box = new TotpSecretBox(newMasterKey, oldMasterKey);
  const { rows } = await db.query<{ id: string; totp_secret: string | null; totp_pending: string | null }>(
    'SELECT id, totp_secret, totp_pending FROM users WHERE totp_secret IS NOT NULL OR totp_pending IS NOT NULL',
  );
  let resealed = 0;
  for (const row of rows) {
    const again = (stored: string | null): string | null => {
      const opened = stored ? box.open(row.id, stored) : null;
      return opened && !opened.current ? box.seal(row.id, opened.secret) : null;
    };
    const [secret, pending] = [again(row.totp_secret), again(row.totp_pending)];
    if (!secret && !pending) continue;
    // Only if the row still holds what was read: a login re-sealing meanwhile wins.
    await db.query(
      `UPDATE users SET totp_secret = COALESCE($2, totp_secret), totp_pending = COALESCE($3, totp_pending)
        WHERE id = $1 AND totp_secret IS NOT DISTINCT FROM $4 AND totp_pending IS NOT DISTINCT FROM $5`,
      [row.id, secret, pending, row.totp_secret, row.totp_pending],
    );
    resealed += 1;
  }
  return resealed;
}
