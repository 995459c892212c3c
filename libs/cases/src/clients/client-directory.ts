import { Injectable } from '@nestjs/common';
import { Sql } from '@huquq/platform';

/**
 * Looks up clients and the open cases of people who look like them, by blind index only. Runs
 * inside the caller's tenant transaction.
 */
@Injectable()
export class ClientDirectory {
  async find(
    sql: Sql,
    orgId: string,
    clientId: string,
  ): Promise<{ nationality: string | null; language: string | null; erased: boolean } | null> {
    const { rows } = await sql.query<{
      nationality: string | null;
      language: string | null;
      erased: boolean;
    }>('SELECT nationality, language, erased FROM client_views WHERE client_id = $1 AND org_id = $2', [
      clientId,
      orgId,
    ]);
    return rows[0] ?? null;
  }

  /** Open cases whose client shares a match key with this person, or is this very client. */
  async openCasesMatching(
    sql: Sql,
    orgId: string,
    matchKeys: string[],
    clientId: string | null,
  ): Promise<string[]> {
    // From the few clients that match to their cases (case_views_by_client), never the other way:
    // with `client_id IN (…) OR client_id = $3` the planner walked the organization's cases
    // newest first looking for 20 matches, which for a new person (no match, the usual case)
    // read every case of the organization — 21 ms at 12,000 cases, growing with each appeal.
    const { rows } = await sql.query<{ case_id: string }>(
      `WITH clients AS MATERIALIZED (
         SELECT k.client_id FROM client_match_keys k WHERE k.org_id = $1 AND k.match_key = ANY($2)
         UNION SELECT $3::uuid WHERE $3::uuid IS NOT NULL
       )
       SELECT c.case_id FROM clients JOIN case_views c ON c.org_id = $1 AND c.client_id = clients.client_id
       WHERE c.status <> 'closed'
       ORDER BY c.opened_at DESC LIMIT 20`,
      [orgId, matchKeys, clientId],
    );
    return rows.map((r) => r.case_id);
  }
}
