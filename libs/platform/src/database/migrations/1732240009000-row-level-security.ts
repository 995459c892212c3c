import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenancy enforced by PostgreSQL. The API's request path connects as the app role (this
 * installation's own `huquq_app_<database>`, created with its grants at every start by
 * ensureAppRole, decision 0022): a role that
 * owns nothing and has no BYPASSRLS, and sees only the rows of the organization set for the
 * current transaction (`huquq.org_id`, set with set_config(..., true)). A query that forgets its
 * WHERE still sees one organization. The owner (migrations, background work) keeps a policy of
 * its own: it projects events of every organization.
 */
export class RowLevelSecurity1732240009000 implements MigrationInterface {
  name = 'RowLevelSecurity1732240009000';

  async up(db: QueryRunner): Promise<void> {
    // NULL when unset or reset, so "no organization" matches no row instead of failing the cast.
    await db.query(`
      CREATE FUNCTION huquq_current_org() RETURNS uuid LANGUAGE sql STABLE AS $$
        SELECT nullif(current_setting('huquq.org_id', true), '')::uuid
      $$`);

    await db.query(`
      CREATE FUNCTION huquq_isolate_by_org(target regclass, org_column text DEFAULT 'org_id') RETURNS void
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

    // Every table that holds an organization's rows; later migrations call the function for theirs.
    await db.query(`
      SELECT huquq_isolate_by_org(format('%I', c.table_name)::regclass)
      FROM information_schema.columns c
      JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND c.column_name = 'org_id' AND t.table_type = 'BASE TABLE'`);
    await db.query(`SELECT huquq_isolate_by_org('organizations', 'id')`);
    // The app role's grants are given at every start (ensureAppRole), narrowed to the request path.
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DO $$ DECLARE t record; BEGIN
        FOR t IN SELECT schemaname, tablename FROM pg_tables WHERE schemaname = 'public' AND rowsecurity LOOP
          EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I.%I', t.schemaname, t.tablename);
          EXECUTE format('DROP POLICY IF EXISTS system_access ON %I.%I', t.schemaname, t.tablename);
          EXECUTE format('ALTER TABLE %I.%I NO FORCE ROW LEVEL SECURITY', t.schemaname, t.tablename);
          EXECUTE format('ALTER TABLE %I.%I DISABLE ROW LEVEL SECURITY', t.schemaname, t.tablename);
        END LOOP;
      END $$`);
    await db.query('DROP FUNCTION huquq_isolate_by_org');
    await db.query('DROP FUNCTION huquq_current_org');
  }
}
