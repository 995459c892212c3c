import { Client } from 'pg';
import { appDatabaseUrl, appRoleName, TenantDatabase } from '@huquq/platform';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

describe('tenancy enforced by PostgreSQL', () => {
  let t: TestApp;
  let orgA: TestOrg;
  let orgB: TestOrg;
  let app: Client;
  let tenantTables: string[];

  beforeAll(async () => {
    t = await startTestApp();
    orgA = await t.createOrg();
    orgB = await t.createOrg();
    for (const org of [orgA, orgB]) {
      const res = await t.http
        .post('/v1/appeals')
        .set(bearer(org.users.intake.token))
        .send(appealBody())
        .expect(201);
      await t.http
        .post(`/v1/cases/${res.body.caseId}/notes`)
        .set(bearer(org.users.intake.token))
        .send({ text: 'x' })
        .expect(200);
    }
    const { rows } = await t.db.query<{ table_name: string }>(
      `SELECT DISTINCT table_name FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name = 'org_id' ORDER BY table_name`,
    );
    tenantTables = [...rows.map((r) => r.table_name), 'organizations'];
    app = new Client({ connectionString: appDatabaseUrl(t.config.DATABASE_URL) });
    await app.connect();
  });
  afterAll(async () => {
    await app.end();
    await t.close();
  });

  it('forces row-level security on every table that holds an organization’s rows', async () => {
    const { rows } = await t.db.query<{
      relname: string;
      relrowsecurity: boolean;
      relforcerowsecurity: boolean;
    }>(
      `SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY($1) AND relkind = 'r'`,
      [tenantTables],
    );
    expect(rows).toHaveLength(tenantTables.length);
    for (const row of rows)
      expect([row.relname, row.relrowsecurity, row.relforcerowsecurity]).toEqual([row.relname, true, true]);
  });

  it('connects the request path as a role that owns nothing and cannot bypass it', async () => {
    const { rows } = await app.query(
      `SELECT current_user AS me, r.rolbypassrls, r.rolsuper,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
       FROM pg_roles r WHERE r.rolname = current_user`,
    );
    // This installation's own role (decision 0022), not one shared by every installation.
    expect(rows[0]).toEqual({
      me: appRoleName(t.config.DATABASE_URL),
      rolbypassrls: false,
      rolsuper: false,
      owned: 0,
    });
  });

  it('reads every tenant table empty when no organization is set', async () => {
    for (const table of tenantTables) {
      // Data keys, erasures and the follow-up ledger are not even readable (decision 0022).
      const readable = await app.query(`SELECT has_table_privilege(current_user, $1, 'SELECT') AS ok`, [
        table,
      ]);
      if (!readable.rows[0].ok) {
        expect(['subject_keys', 'erased_subjects', 'follow_up_jobs', 'notification_deliveries']).toContain(
          table,
        );
        continue;
      }
      const { rows } = await app.query(`SELECT count(*)::int AS n FROM ${table}`);
      expect([table, rows[0].n]).toEqual([table, 0]);
    }
    const owner = await t.db.query('SELECT count(*)::int AS n FROM events');
    expect(owner.rows[0].n).toBeGreaterThan(0);
  });

  it('shows one organization to a query that forgets its WHERE, and forgets it after the transaction', async () => {
    const tenant = new TenantDatabase(appDatabaseUrl(t.config.DATABASE_URL), 1);
    try {
      const seen = await tenant.transaction(orgA.id, async (tx) => {
        const events = await tx.query('SELECT DISTINCT org_id FROM events');
        const cases = await tx.query('SELECT DISTINCT org_id FROM case_views');
        const orgs = await tx.query('SELECT id FROM organizations');
        return [events.rows, cases.rows, orgs.rows];
      });
      expect(seen).toEqual([[{ org_id: orgA.id }], [{ org_id: orgA.id }], [{ id: orgA.id }]]);
      // The same pooled connection, after the transaction: nothing is carried over.
      const after = await tenant.pool.query('SELECT count(*)::int AS n FROM case_views');
      expect(after.rows[0].n).toBe(0);
    } finally {
      await tenant.close();
    }
  });

  it('refuses writes into another organization and any change to the log', async () => {
    const tenant = new TenantDatabase(appDatabaseUrl(t.config.DATABASE_URL), 1);
    try {
      await expect(
        tenant.transaction(orgA.id, (tx) =>
          tx.query(`INSERT INTO case_number_counters (org_id, year, last_number) VALUES ($1, 2020, 1)`, [
            orgB.id,
          ]),
        ),
      ).rejects.toThrow(/row-level security/);
      await expect(
        tenant.transaction(orgA.id, (tx) => tx.query('UPDATE events SET type = type')),
      ).rejects.toThrow(/permission denied/);
      await expect(tenant.transaction(orgA.id, (tx) => tx.query('DELETE FROM events'))).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await tenant.close();
    }
  });
});
