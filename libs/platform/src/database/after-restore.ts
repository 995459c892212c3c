import type { Client } from 'pg';

export interface ClockMove {
  /** The transaction-id offset added to new events, before and after. */
  from: string;
  to: string;
}

/**
 * Moves the log's clock forward when the newest stored event's transaction id is not below the
 * ids this cluster will hand out next: after a restore into a new cluster (decision 0018). New
 * events then sort after every restored one, and readers treat everything restored as
 * committed. Runs at start, under the migration lock; null when nothing had to move.
 */
export async function ensureLogClock(client: Client): Promise<ClockMove | null> {
  const { rows } = await client.query<{ newest: string | null; next: string; xid_offset: string }>(
    `SELECT (SELECT transaction_id FROM events ORDER BY transaction_id DESC LIMIT 1)::text AS newest,
            pg_snapshot_xmax(pg_current_snapshot())::text AS next,
            c.xid_offset::text AS xid_offset
     FROM log_clock c`,
  );
  const { newest, next, xid_offset: offset } = rows[0];
  if (newest === null || BigInt(newest) < BigInt(next) + BigInt(offset)) return null;
  // A margin past the newest event, so ids taken between this check and the first new event
  // (this very start takes some) still sort after it.
  const moved = (BigInt(newest) - BigInt(next) + 1_000_000n).toString();
  const eraStart = (BigInt(next) + BigInt(moved)).toString();
  await client.query('BEGIN');
  try {
    await client.query(
      `UPDATE log_clock SET xid_offset = $1::numeric, era_start = $2::xid8, moves = moves + 1, moved_at = now()`,
      [moved, eraStart],
    );
    // A literal in the column's default: new rows take it with no lookup. Only digits reach it.
    await client.query(
      `ALTER TABLE events ALTER COLUMN transaction_id
       SET DEFAULT (pg_current_xact_id()::text::numeric + ${BigInt(moved).toString()})::text::xid8`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return { from: offset, to: moved };
}

/** Tables the request path never touches: data keys, erasures, the dispatcher's state and ledger, bookkeeping. */
const OUT_OF_REACH = [
  'subject_keys',
  'erased_subjects',
  'keyring_binding',
  'follow_up_dispatch_state',
  'follow_up_jobs',
  'parked_events',
  'schema_migrations',
  'notification_outbox_state',
];
/**
 * What a request writes: the log (append only), Idempotency-Key answers, the record of who read
 * whose personal data (append only, decision 0096), and the inline views.
 */
const APPENDED_BY_REQUESTS = ['events', 'command_answers', 'personal_data_reads'];
const WRITTEN_BY_REQUESTS = [
  'case_views',
  'case_history',
  'client_views',
  'client_match_keys',
  'follow_up_tasks',
  'follow_up_deadlines',
  'case_number_counters',
  // Same person / not the same person, written with the command that judges it.
  'client_pairs',
  // A user's own notification settings (PUT /v1/me/notifications), which release the messages
  // their old quiet hours held.
  'notification_deliveries',
  'notification_preferences',
  // The organization's need-to-know settings (PUT /v1/organization/need-to-know, admins).
  'need_to_know_settings',
];
/**
 * User administration (decision 0105: POST/PATCH /v1/users, password resets and their use, a
 * user's own new password, removing a lost second factor), written with the user's event in one
 * unit: only what those routes write, by column (decision 0107). Each row is still confined to its
 * organization. Logins, sessions, refresh tokens and second-factor enrolment go through the
 * owner's pool; no account's id, organization or email is ever changed, and nothing is deleted
 * but a removed second factor's recovery codes.
 */
const ACCOUNT_WRITES = [
  `INSERT (id, org_id, email, role, password_hash, display_name),
   UPDATE (display_name, role, status, password_hash, token_version,
           totp_secret, totp_pending, totp_enabled_at, totp_last_step) ON users`,
  // A new link, the earlier unused ones spent; a link used.
  'INSERT (token_hash, org_id, user_id, created_by, expires_at), UPDATE (used_at) ON password_resets',
  'DELETE ON recovery_codes',
  // A user disabled, re-roled or given a new password: their sessions end in the same unit.
  'UPDATE (ended_at, ended_why) ON sessions',
];

/**
 * The request path's role (this installation's own, decision 0022), its grants and every
 * table's tenant policy, as the migrations left them. A restore into a new cluster may lack the
 * role (roles are global, not in a database's dump), and then the grants naming it were refused
 * too. The grants are exactly what the request path needs: it reads the views and the log,
 * appends events and answers, and writes the inline views; data keys, erasures and the
 * follow-up dispatcher's state are out of its reach. The shared `huquq_app` of older versions
 * loses every grant here. Idempotent: run at every start, under the migration lock.
 */
export async function ensureAppRole(client: Client, role: string): Promise<void> {
  const name = client.escapeIdentifier(role);
  await client.query(`
    DO $$ BEGIN
      CREATE ROLE ${name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- already there, or created by another process meanwhile
    END $$`);
  await client.query(`
    SELECT huquq_isolate_by_org(format('%I', c.table_name)::regclass)
    FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = 'public' AND c.column_name = 'org_id' AND t.table_type = 'BASE TABLE'`);
  await client.query(`SELECT huquq_isolate_by_org('organizations', 'id')`);
  await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${name}`);
  await client.query(`GRANT USAGE ON SCHEMA public TO ${name}`);
  await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${name}`);
  // Those still here: data keys and erasures move to the keyring at start (decision 0023).
  const { rows } = await client.query<{ name: string }>(
    `SELECT t AS name FROM unnest($1::text[]) AS t WHERE to_regclass(format('public.%I', t)) IS NOT NULL`,
    [OUT_OF_REACH],
  );
  if (rows.length) await client.query(`REVOKE SELECT ON ${rows.map((r) => r.name).join(', ')} FROM ${name}`);
  await client.query(`GRANT INSERT ON ${APPENDED_BY_REQUESTS.join(', ')} TO ${name}`);
  await client.query(`GRANT INSERT, UPDATE, DELETE ON ${WRITTEN_BY_REQUESTS.join(', ')} TO ${name}`);
  // Column grants too are taken back at each start by the REVOKE ALL above.
  for (const grant of ACCOUNT_WRITES) await client.query(`GRANT ${grant} TO ${name}`);
  await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${name}`);
  if (role !== 'huquq_app') await forgetSharedAppRole(client);
}

/** The role every installation of older versions shared: nothing of this database is left to it. */
async function forgetSharedAppRole(client: Client): Promise<void> {
  const { rowCount } = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = 'huquq_app'`);
  if (!rowCount) return;
  await client.query('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM huquq_app');
  await client.query('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM huquq_app');
  await client.query('REVOKE ALL ON SCHEMA public FROM huquq_app');
  await client.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM huquq_app');
  await client.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM huquq_app');
}

/**
 * Production refuses an app role that row-level security would not confine: a superuser, one
 * with BYPASSRLS, or the owner itself. Asked as the owner, before anything is granted to it.
 */
export async function appRoleProblem(client: Client, role: string): Promise<string | null> {
  const { rows } = await client.query<{ rolsuper: boolean; rolbypassrls: boolean; owner: boolean }>(
    `SELECT rolsuper, rolbypassrls, rolname = current_user AS owner FROM pg_roles WHERE rolname = $1`,
    [role],
  );
  const found = rows[0];
  if (!found) return null; // created at start, as it should be
  if (found.owner)
    return "APP_DATABASE_URL: signs in as DATABASE_URL's own role; the request path needs a role of its own";
  if (found.rolsuper)
    return 'APP_DATABASE_URL: its role is a superuser, which row-level security does not confine';
  if (found.rolbypassrls)
    return 'APP_DATABASE_URL: its role has BYPASSRLS, which row-level security does not confine';
  return null;
}
