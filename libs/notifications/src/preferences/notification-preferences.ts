import type { PoolClient } from 'pg';
import { releaseHeld } from '../delivery/delivery-ledger';
import type { QuietHours } from '../delivery/quiet-hours';

/**
 * A member of staff's notification settings: a small table of this capability's, like the users
 * table (staff settings are not case history; docs/decisions/0091). Read and written under the
 * organization's row-level security.
 */
export interface StoredPreferences {
  email: string | null;
  emailOff: boolean;
  webhookUrl: string | null;
  webhookKeyVersion: number;
  quietHours: QuietHours | null;
}

export async function readPreferences(
  tx: PoolClient,
  userId: string,
): Promise<StoredPreferences & { accountEmail: string }> {
  const { rows } = await tx.query(
    `SELECT u.email AS account_email, p.email, coalesce(p.email_off, false) AS email_off, p.webhook_url,
            coalesce(p.webhook_key_version, 1) AS webhook_key_version, p.quiet_from, p.quiet_to,
            p.quiet_time_zone
     FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id WHERE u.id = $1`,
    [userId],
  );
  const row = rows[0];
  return {
    accountEmail: row?.account_email ?? null,
    email: row?.email ?? null,
    emailOff: row?.email_off ?? false,
    webhookUrl: row?.webhook_url ?? null,
    webhookKeyVersion: row?.webhook_key_version ?? 1,
    quietHours: row?.quiet_from
      ? { from: row.quiet_from, to: row.quiet_to, timeZone: row.quiet_time_zone }
      : null,
  };
}

export async function writePreferences(
  tx: PoolClient,
  user: { userId: string; orgId: string },
  preferences: Omit<StoredPreferences, 'webhookKeyVersion'> & { rotateWebhookSecret: boolean },
): Promise<void> {
  await tx.query(
    `INSERT INTO notification_preferences
       (user_id, org_id, email, email_off, webhook_url, quiet_from, quiet_to, quiet_time_zone)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (user_id) DO UPDATE SET
       email = $3, email_off = $4, webhook_url = $5, quiet_from = $6, quiet_to = $7,
       quiet_time_zone = $8, updated_at = now(),
       webhook_key_version = notification_preferences.webhook_key_version + CASE WHEN $9 THEN 1 ELSE 0 END`,
    [
      user.userId,
      user.orgId,
      preferences.email,
      preferences.emailOff,
      preferences.webhookUrl,
      preferences.quietHours?.from ?? null,
      preferences.quietHours?.to ?? null,
      preferences.quietHours?.timeZone ?? null,
      preferences.rotateWebhookSecret,
    ],
  );
  // Quiet hours may have changed: what they held is looked at again now.
  await releaseHeld(tx, user.userId);
}
