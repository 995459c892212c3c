import { Injectable } from '@nestjs/common';
import { Sql } from '@huquq/platform';

/** One person: the client that stands for them, and every client confirmed to be them. */
export interface Person {
  clientId: string;
  clientIds: string[];
}

/** A case as a person's record lists it: ids, number, type and status, nothing personal. */
export interface ClientCase {
  caseId: string;
  caseNumber: string;
  appealType: string;
  status: string;
  clientId: string;
}

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

  /**
   * The people these clients are: each group is the clients confirmed to be one person (merges
   * included), reached through client_pairs, with the client that stands for them first (one
   * not merged away, registered first). Every given client is in exactly one group.
   */
  async people(sql: Sql, orgId: string, clientIds: string[]): Promise<Person[]> {
    if (clientIds.length === 0) return [];
    const { rows } = await sql.query<{
      client_id: string;
      merged_into: string | null;
      registered_at: Date | null;
      same: string[];
    }>(
      `WITH RECURSIVE reach(client_id) AS (
         SELECT unnest($2::uuid[])
         UNION
         SELECT p.other_client_id FROM client_pairs p JOIN reach r ON p.client_id = r.client_id
         WHERE p.org_id = $1 AND p.verdict = 'same'
       )
       SELECT r.client_id, v.merged_into, v.registered_at,
              ARRAY(SELECT p.other_client_id FROM client_pairs p
                    WHERE p.org_id = $1 AND p.client_id = r.client_id AND p.verdict = 'same') AS same
       FROM reach r LEFT JOIN client_views v ON v.client_id = r.client_id AND v.org_id = $1`,
      [orgId, clientIds],
    );
    // Union-find over the confirmed pairs: a handful of clients per person.
    const parent = new Map(rows.map((r) => [r.client_id, r.client_id]));
    const root = (id: string): string => {
      const up = parent.get(id) ?? id;
      return up === id ? id : root(up);
    };
    for (const row of rows)
      for (const other of row.same) if (parent.has(other)) parent.set(root(other), root(row.client_id));
    const groups = new Map<string, typeof rows>();
    for (const row of rows)
      groups.set(root(row.client_id), [...(groups.get(root(row.client_id)) ?? []), row]);
    const standsFor = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
      Number(a.merged_into !== null) - Number(b.merged_into !== null) ||
      (a.registered_at?.getTime() ?? 0) - (b.registered_at?.getTime() ?? 0) ||
      a.client_id.localeCompare(b.client_id);
    return [...groups.values()].map((members) => {
      const sorted = [...members].sort(standsFor);
      return { clientId: sorted[0].client_id, clientIds: sorted.map((m) => m.client_id) };
    });
  }

  /** The cases of these clients, newest first (open ones only, or all), with whose each is. */
  async casesOf(sql: Sql, orgId: string, clientIds: string[], which: 'open' | 'all'): Promise<ClientCase[]> {
    const { rows } = await sql.query<{
      case_id: string;
      case_number: string;
      appeal_type: string;
      status: string;
      client_id: string;
    }>(
      `SELECT case_id, case_number, appeal_type, status, client_id FROM case_views
       WHERE org_id = $1 AND client_id = ANY($2) AND ($3 OR status <> 'closed') ORDER BY opened_at DESC`,
      [orgId, clientIds, which === 'all'],
    );
    return rows.map((c) => ({
      caseId: c.case_id,
      caseNumber: c.case_number,
      appealType: c.appeal_type,
      status: c.status,
      clientId: c.client_id,
    }));
  }

  /** Clients judged to be other people than any of these. */
  async judgedDifferent(sql: Sql, orgId: string, clientIds: string[]): Promise<Set<string>> {
    const { rows } = await sql.query<{ other_client_id: string }>(
      `SELECT other_client_id FROM client_pairs WHERE org_id = $1 AND client_id = ANY($2) AND verdict = 'different'`,
      [orgId, clientIds],
    );
    return new Set(rows.map((r) => r.other_client_id));
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
    // A known client brings the clients confirmed to be the same person (merges included).
    const { rows } = await sql.query<{ case_id: string }>(
      `WITH RECURSIVE person(client_id) AS (
         SELECT $3::uuid WHERE $3::uuid IS NOT NULL
         UNION
         SELECT p.other_client_id FROM client_pairs p JOIN person ON p.client_id = person.client_id
         WHERE p.org_id = $1 AND p.verdict = 'same'
       ), clients AS MATERIALIZED (
         SELECT k.client_id FROM client_match_keys k WHERE k.org_id = $1 AND k.match_key = ANY($2)
         UNION SELECT client_id FROM person
       )
       SELECT c.case_id FROM clients JOIN case_views c ON c.org_id = $1 AND c.client_id = clients.client_id
       WHERE c.status <> 'closed'
       ORDER BY c.opened_at DESC LIMIT 20`,
      [orgId, matchKeys, clientId],
    );
    return rows.map((r) => r.case_id);
  }
}
