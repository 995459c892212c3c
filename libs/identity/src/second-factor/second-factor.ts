import { createHash, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { Database, RuleViolation, Sql } from '@huquq/platform';
import { TotpSecretBox } from './totp-secret-box';

const ISSUER = 'huquq';
const RECOVERY_CODES = 10;
/** A code of the step before or after is still taken: phones' clocks drift. */
const TOLERANCE_SECONDS = 30;
const TOTP_CODE = /^\d{6}$/;
/** `xxxxx-xxxxx`: 50 random bits each, in an alphabet without look-alikes. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

const recoveryHash = (code: string): Buffer =>
  createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase(), 'utf8').digest();

function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export interface Enrolment {
  /** Base32, for typing into an authenticator app by hand. */
  secret: string;
  /** `otpauth://totp/…`, for a QR code. */
  otpauthUri: string;
}

/**
 * TOTP (RFC 6238, otplib: SHA-1, 6 digits, 30 s) with recovery codes (docs/decisions/0031).
 * Enrolment is two steps: a secret is proposed, and becomes the account's only once a code from
 * it is confirmed, which answers the recovery codes — shown that once, stored hashed, each good
 * for one login. A code is taken once: a replay within its 30 s is refused.
 */
export class SecondFactor {
  constructor(
    private readonly db: Database,
    private readonly box: TotpSecretBox,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /**
   * Refused once a second factor is in force: whoever holds a stolen access token must not be
   * able to put their own phone in its place. An admin removes it first.
   */
  async enrol(user: { id: string; email: string; secondFactor: boolean }): Promise<Enrolment> {
    if (user.secondFactor)
      throw RuleViolation.because(
        'second_factor_in_force',
        'A second factor is already in force; an admin can remove it to enrol again',
      );
    const secret = generateSecret();
    await this.db.query('UPDATE users SET totp_pending = $2 WHERE id = $1', [
      user.id,
      this.box.seal(user.id, secret),
    ]);
    return { secret, otpauthUri: generateURI({ issuer: ISSUER, label: user.email, secret }) };
  }

  /** The code from the proposed secret makes it the account's; answers fresh recovery codes. */
  async confirm(userId: string, code: unknown): Promise<{ recoveryCodes: string[] }> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ org_id: string; totp_pending: string | null }>(
        'SELECT org_id, totp_pending FROM users WHERE id = $1 FOR UPDATE',
        [userId],
      );
      const pending = rows[0]?.totp_pending ? this.box.open(userId, rows[0].totp_pending) : null;
      if (!pending)
        throw RuleViolation.because(
          'second_factor_not_enrolling',
          'No enrolment is under way: POST /v1/auth/mfa/totp/enrol first',
        );
      const step = await this.stepOf(pending.secret, code);
      if (step === null)
        throw RuleViolation.because(
          'second_factor_code_mismatch',
          "The code does not match; check the app and the phone's clock",
          [{ field: 'code', problem: 'does not match' }],
        );
      await tx.query(
        `UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_enabled_at = now(),
                totp_last_step = $2 WHERE id = $1`,
        [userId, step],
      );
      return { recoveryCodes: await this.replaceRecoveryCodes(tx, userId, rows[0].org_id) };
    });
  }

  /** Whether `code` (a TOTP code or an unused recovery code) opens this account now; spends it. */
  async accept(userId: string, code: unknown): Promise<boolean> {
    if (typeof code !== 'string' || code.length > 64) return false;
    if (!TOTP_CODE.test(code)) {
      const spent = await this.db.query(
        'UPDATE recovery_codes SET used_at = now() WHERE code_hash = $1 AND user_id = $2 AND used_at IS NULL',
        [recoveryHash(code), userId],
      );
      return (spent.rowCount ?? 0) === 1;
    }
    const { rows } = await this.db.query<{ totp_secret: string | null }>(
      'SELECT totp_secret FROM users WHERE id = $1',
      [userId],
    );
    const opened = rows[0]?.totp_secret ? this.box.open(userId, rows[0].totp_secret) : null;
    if (!opened) return false;
    const step = await this.stepOf(opened.secret, code);
    if (step === null) return false;
    // Only a later step than the last one taken: the same code cannot open a second session.
    const taken = await this.db.query(
      `UPDATE users SET totp_last_step = $2, totp_secret = COALESCE($3, totp_secret)
        WHERE id = $1 AND totp_last_step < $2`,
      [userId, step, opened.current ? null : this.box.seal(userId, opened.secret)],
    );
    return (taken.rowCount ?? 0) === 1;
  }

  /** New recovery codes (the old ones stop working); shown once. */
  async regenerateRecoveryCodes(userId: string, orgId: string): Promise<{ recoveryCodes: string[] }> {
    return this.db.transaction(async (tx) => ({
      recoveryCodes: await this.replaceRecoveryCodes(tx, userId, orgId),
    }));
  }

  private async replaceRecoveryCodes(tx: Sql, userId: string, orgId: string): Promise<string[]> {
    await tx.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await tx.query(
      `INSERT INTO recovery_codes (code_hash, org_id, user_id) SELECT unnest($1::bytea[]), $2, $3`,
      [codes.map(recoveryHash), orgId, userId],
    );
    return codes;
  }

  /** The 30-second step the code belongs to, or null when it matches none near now. */
  private async stepOf(secret: string, code: unknown): Promise<number | null> {
    if (typeof code !== 'string' || !TOTP_CODE.test(code)) return null;
    const result = await verify({
      secret,
      token: code,
      epoch: Math.floor(this.clock() / 1000),
      epochTolerance: TOLERANCE_SECONDS,
    });
    return result.valid ? (result as { timeStep: number }).timeStep : null;
  }
}
