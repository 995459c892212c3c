import type { EventNotifications } from '@huquq/event-store';
import { Database, Unauthenticated } from '@huquq/platform';
import type { AccessClaims } from '../tokens';

interface Known {
  userId: string;
  tokenVersion: number;
  /** The session is open and the user active. */
  alive: boolean;
  at: number;
}

/** Bounds what one process remembers; past it the cache starts over (a query per session). */
const MAX_ENTRIES = 10_000;
/** Even with every notice heard, nothing is trusted longer than this. */
const MAX_AGE_MS = 60_000;

/**
 * Whether an access token's session and user still hold — asked on every request, since a token
 * signed a minute ago may belong to a user disabled, re-roled or logged out since. What the
 * database says is cached per session, and dropped at once when any instance announces a change
 * to that user (SESSIONS_CHANNEL, at commit). Nothing is cached while the notices are not heard
 * (the listening connection is down): then every request asks the database.
 */
export class SessionCheck {
  private readonly known = new Map<string, Known>();
  /** Counts notices: an answer read while one arrived may be stale, and is used but not kept. */
  private noticesHeard = 0;

  constructor(
    private readonly db: Database,
    private readonly notices: EventNotifications,
    private readonly clock: () => number = () => Date.now(),
  ) {
    notices.onWake((userId) => (userId ? this.forget(userId) : this.forgetAll()));
  }

  async check(claims: AccessClaims): Promise<void> {
    const state = await this.stateOf(claims);
    if (!state || state.userId !== claims.actor.userId || !state.alive)
      throw new Unauthenticated('The session has ended; log in again');
    if (state.tokenVersion !== claims.tokenVersion)
      throw new Unauthenticated('The account changed since this token was issued; log in again');
  }

  /** Whether this process hears the notices now (it caches nothing otherwise). */
  get listening(): boolean {
    return this.notices.listening;
  }

  private async stateOf(claims: AccessClaims): Promise<Known | null> {
    const cached = this.known.get(claims.sessionId);
    if (cached && this.clock() - cached.at < MAX_AGE_MS) return cached;
    const heardBefore = this.noticesHeard;
    const { rows } = await this.db
      .query<{ user_id: string; token_version: number; alive: boolean }>(
        `SELECT s.user_id, u.token_version,
              (s.ended_at IS NULL AND s.expires_at > now() AND u.status = 'active') AS alive
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1::uuid`,
        [claims.sessionId],
      )
      .catch((error: { code?: string }) => {
        // A malformed session id is no session (22P02: not a uuid).
        if (error.code === '22P02') return { rows: [] };
        throw error;
      });
    const row = rows[0];
    if (!row) return null;
    const state = {
      userId: row.user_id,
      tokenVersion: row.token_version,
      alive: row.alive,
      at: this.clock(),
    };
    if (this.notices.listening && heardBefore === this.noticesHeard) {
      if (this.known.size >= MAX_ENTRIES) this.known.clear();
      this.known.set(claims.sessionId, state);
    }
    return state;
  }

  /**
   * Drops what this process knew of the user's sessions: on a notice from any instance, and at
   * once (without waiting for its own notice) after a change this process committed.
   */
  forget(userId: string): void {
    this.noticesHeard += 1;
    for (const [sessionId, state] of this.known) if (state.userId === userId) this.known.delete(sessionId);
  }

  private forgetAll(): void {
    this.noticesHeard += 1;
    this.known.clear();
  }
}
