import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Database, Sql, Unauthenticated } from '@huquq/platform';
import { Role } from '@huquq/shared-kernel';

/** The channel a change to a user or a session is announced on, at commit, to every instance. */
export const SESSIONS_CHANNEL = 'huquq_sessions';

export interface SessionLifetimes {
  /** A refresh token not used for this long expires (and with it an idle session). */
  refreshSeconds: number;
  /** A session ends this long after its login, however often it is refreshed. */
  sessionSeconds: number;
}

/** A refresh token handed out once: only its hash is stored. */
export interface IssuedRefresh {
  refreshToken: string;
  refreshExpiresIn: number;
}

/** Who a session speaks for right now (role and token version as they are today, not at login). */
export interface SessionUser {
  sessionId: string;
  userId: string;
  orgId: string;
  role: Role;
  tokenVersion: number;
}

export type SessionEnd = 'logout' | 'refresh_token_reused' | 'user_changed';

const hashOf = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();
const REFRESH_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Told, once a change to a user's sessions committed, whose: this process forgets them at once. */
export type UserChanged = (userId: string) => void;

/** Tells every instance's SessionCheck, at commit, to forget what it knew of this user. */
const announceUserChange = (sql: Sql, userId: string) =>
  sql.query(`SELECT pg_notify('${SESSIONS_CHANNEL}', $1)`, [userId]);

/**
 * Sessions (one per login) and their rotating refresh tokens (docs/decisions/0030). Each refresh
 * spends its token and hands out the next; the hashes of spent ones are kept for the session's
 * life, so that a spent token shown again — someone else holds a copy — ends the whole session.
 * Runs on the owner's connection: it answers before anyone is known to belong to an organization.
 */
export class SessionStore {
  constructor(
    private readonly db: Database,
    private readonly lifetimes: SessionLifetimes,
    private readonly logger?: Logger,
    private readonly changed: UserChanged = () => undefined,
  ) {}

  async start(user: { id: string; orgId: string }): Promise<IssuedRefresh & { sessionId: string }> {
    const sessionId = randomUUID();
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO sessions (id, org_id, user_id, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
        [sessionId, user.orgId, user.id, this.lifetimes.sessionSeconds],
      );
      return { sessionId, ...(await this.issueRefresh(tx, sessionId, user.orgId)) };
    });
  }

  /**
   * Spends a refresh token and hands out the next, with the user as they are now. A token spent
   * before ends its session (reuse); an unknown, expired or ended one is refused.
   */
  async rotate(refreshToken: unknown): Promise<SessionUser & IssuedRefresh> {
    if (typeof refreshToken !== 'string' || !REFRESH_TOKEN.test(refreshToken))
      throw new Unauthenticated('Invalid refresh token');
    const reused = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{
        session_id: string;
        spent: boolean;
        usable: boolean;
        user_id: string;
        org_id: string;
        role: Role;
        token_version: number;
      }>(
        `SELECT t.session_id, t.spent_at IS NOT NULL AS spent,
                (t.expires_at > now() AND s.ended_at IS NULL AND s.expires_at > now()
                 AND u.status = 'active') AS usable,
                u.id AS user_id, u.org_id, u.role, u.token_version
           FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id JOIN users u ON u.id = s.user_id
          WHERE t.token_hash = $1
          FOR UPDATE OF t, s`,
        [hashOf(refreshToken)],
      );
      const row = rows[0];
      if (!row) throw new Unauthenticated('Invalid refresh token');
      if (row.spent) {
        await this.endIn(tx, row.session_id, row.user_id, 'refresh_token_reused');
        return row;
      }
      if (!row.usable) throw new Unauthenticated('The session has ended; log in again');
      await tx.query('UPDATE refresh_tokens SET spent_at = now() WHERE token_hash = $1', [
        hashOf(refreshToken),
      ]);
      const next = await this.issueRefresh(tx, row.session_id, row.org_id);
      return {
        sessionId: row.session_id,
        userId: row.user_id,
        orgId: row.org_id,
        role: row.role,
        tokenVersion: row.token_version,
        ...next,
      };
    });
    if ('refreshToken' in reused) return reused;
    // Committed above: the session is over for the thief and the owner alike.
    this.changed(reused.user_id);
    this.logger?.warn(
      { securityEvent: 'refresh_token_reused', userId: reused.user_id, sessionId: reused.session_id },
      'a spent refresh token was shown again: its session is ended',
    );
    throw new Unauthenticated('The session has ended; log in again');
  }

  /** Logout: by its refresh token (the browser's cookie) or its id (an access token's `sid`). */
  async end(by: { refreshToken?: unknown; sessionId?: string }): Promise<void> {
    const userId = await this.db.transaction(async (tx) => {
      const found =
        typeof by.refreshToken === 'string' && REFRESH_TOKEN.test(by.refreshToken)
          ? await tx.query<{ id: string; user_id: string }>(
              `SELECT s.id, s.user_id FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
                WHERE t.token_hash = $1`,
              [hashOf(by.refreshToken)],
            )
          : by.sessionId
            ? await tx.query<{ id: string; user_id: string }>(
                'SELECT id, user_id FROM sessions WHERE id = $1',
                [by.sessionId],
              )
            : { rows: [] };
      const session = found.rows[0];
      if (session) await this.endIn(tx, session.id, session.user_id, 'logout');
      return session?.user_id;
    });
    if (userId) this.changed(userId);
  }

  /** Every open session of the user, in the caller's transaction (a user disabled, re-roled, given a new password). */
  static async endAllOf(tx: Sql, userId: string): Promise<void> {
    await tx.query(
      `UPDATE sessions SET ended_at = now(), ended_why = 'user_changed' WHERE user_id = $1 AND ended_at IS NULL`,
      [userId],
    );
    await announceUserChange(tx, userId);
  }

  private async endIn(tx: Sql, sessionId: string, userId: string, why: SessionEnd): Promise<void> {
    await tx.query(
      'UPDATE sessions SET ended_at = now(), ended_why = $2 WHERE id = $1 AND ended_at IS NULL',
      [sessionId, why],
    );
    await announceUserChange(tx, userId);
  }

  private async issueRefresh(tx: Sql, sessionId: string, orgId: string): Promise<IssuedRefresh> {
    const refreshToken = randomBytes(32).toString('base64url');
    // Never past the session's own end.
    const { rows } = await tx.query<{ seconds: number }>(
      `INSERT INTO refresh_tokens (token_hash, session_id, org_id, expires_at)
       SELECT $1, s.id, $3, LEAST(s.expires_at, now() + make_interval(secs => $4)) FROM sessions s WHERE s.id = $2
       RETURNING GREATEST(0, floor(extract(epoch FROM expires_at - now())))::int AS seconds`,
      [hashOf(refreshToken), sessionId, orgId, this.lifetimes.refreshSeconds],
    );
    return { refreshToken, refreshExpiresIn: rows[0].seconds };
  }
}
