import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The request path's role is this installation's own (decision 0022), so the tenant policy no
 * longer names a role: it confines every role but the owner (whose `system_access` policy sees
 * every organization). Only the app role has grants on these tables at all. ensureAppRole
 * re-applies the function to every table at each start, replacing the policies that named the
 * shared `huquq_app`.
 */
export class AppRolePerInstallation1732240013000 implements MigrationInterface {
  name = 'AppRolePerInstallation1732240013000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION huquq_isolate_by_org(target regclass, org_column text DEFAULT 'org_id') RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
        EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
        EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', target);
        EXECUTE format(
          'CREATE POLICY tenant_isolation ON %s TO PUBLIC USING (%I = huquq_current_org()) WITH CHECK (%I = huquq_current_org())',
          target, org_column, org_column);
        EXECUTE format('DROP POLICY IF EXISTS system_access ON %s', target);
        EXECUTE format('CREATE POLICY system_access ON %s TO %I USING (true) WITH CHECK (true)', target, current_user);
      END $$`);
  }

  async down(): Promise<void> {
    // The policies stay confining; nothing to undo.
  }
}
