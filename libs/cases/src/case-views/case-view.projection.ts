import { Projection, StoredEvent } from '@huquq/event-store';
import { Sql } from '@huquq/platform';
import { CASE_EVENT_TYPES, CaseEvent } from '../domain/case.events';

/**
 * The case as lawyers and intake read it: one row per case. Each update is guarded by the
 * stream version, so replaying an event (after a crash, in a rebuild) changes nothing twice.
 */
export class CaseViewProjection implements Projection {
  readonly name = 'case-views';
  readonly eventTypes = CASE_EVENT_TYPES;

  async apply(sql: Sql, events: StoredEvent[]): Promise<void> {
    for (const event of events) await this.applyOne(sql, event as StoredEvent<CaseEvent['data']>);
  }

  async reset(sql: Sql): Promise<void> {
    await sql.query('DELETE FROM case_views');
  }

  private async applyOne(sql: Sql, event: StoredEvent<CaseEvent['data']>): Promise<void> {
    const caseEvent = { type: event.type, data: event.data } as CaseEvent;
    const at = event.recordedAt;
    const caseId = event.streamId.slice('case-'.length);
    if (caseEvent.type === 'appeal-logged') {
      const d = caseEvent.data;
      await sql.query(
        `INSERT INTO case_views (case_id, org_id, case_number, client_id, appeal_type, channel, urgency, status,
           nationality, language, region, incident, incident_id, received_at, decision_received_at,
           possible_duplicates, version, opened_at, updated_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,'new',$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$17)
         ON CONFLICT (case_id) DO NOTHING`,
        [
          d.caseId,
          event.orgId,
          d.caseNumber,
          d.clientId,
          d.appealType,
          d.channel,
          d.urgency,
          d.nationality,
          d.language,
          d.incident.region,
          JSON.stringify(d.incident),
          d.incidentId,
          d.receivedAt,
          d.decisionReceivedAt,
          JSON.stringify(d.possibleDuplicates),
          event.streamVersion,
          at,
        ],
      );
      return;
    }
    const [assignments, values] = this.changeFor(caseEvent, at);
    await sql.query(
      `UPDATE case_views SET version = $2, updated_at = $3${assignments ? ', ' + assignments : ''}
       WHERE case_id = $1 AND version < $2`,
      [caseId, event.streamVersion, at, ...values],
    );
  }

  /** The SET clause an event adds (parameters from $4 on) and its values. */
  private changeFor(event: CaseEvent, at: Date): [string, unknown[]] {
    switch (event.type) {
      case 'case-assigned':
        return ['assignee_id = $4', [event.data.lawyerId]];
      case 'case-status-changed':
        return event.data.to === 'closed'
          ? ["status = 'closed', closed_at = $4", [at]]
          : ['status = $4', [event.data.to]];
      case 'case-closed':
        return ["status = 'closed', closed_at = $4, outcome = $5", [at, event.data.outcome]];
      case 'case-reopened':
        return ["status = 'in_progress', closed_at = NULL, outcome = NULL", []];
      case 'deadline-set':
        return ['deadlines = deadlines || jsonb_build_array($4::jsonb)', [JSON.stringify(event.data)]];
      default:
        return ['', []];
    }
  }
}
