import { Projection, StoredEvent } from '@huquq/event-store';
import { Sql } from '@huquq/platform';
import { CASE_EVENT_TYPES } from '../domain/case.events';

/** Everything that happened to a case, in order, as its history page shows it. */
export class CaseHistoryProjection implements Projection {
  readonly name = 'case-history';
  readonly inline = true;
  readonly eventTypes: string[] = [...CASE_EVENT_TYPES];

  async apply(sql: Sql, events: StoredEvent[]): Promise<void> {
    const rows = events.filter((e) => e.streamId.startsWith('case-'));
    if (!rows.length) return;
    // One statement per batch: history rows are plain inserts, in key order (fewer index page visits).
    await sql.query(
      `INSERT INTO case_history (case_id, org_id, global_position, version, type, recorded_at, actor_id, data)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::int[], $5::text[], $6::timestamptz[], $7::uuid[], $8::jsonb[])
         AS h(case_id, org_id, global_position, version, type, recorded_at, actor_id, data)
       ORDER BY case_id, global_position
       ON CONFLICT DO NOTHING`,
      [
        rows.map((e) => e.streamId.slice('case-'.length)),
        rows.map((e) => e.orgId),
        rows.map((e) => e.globalPosition),
        rows.map((e) => e.streamVersion),
        rows.map((e) => e.type),
        rows.map((e) => e.recordedAt),
        rows.map((e) => e.metadata.actorId ?? null),
        rows.map((e) => JSON.stringify(e.data)),
      ],
    );
  }

  async reset(sql: Sql): Promise<void> {
    await sql.query('TRUNCATE case_history');
  }
}
