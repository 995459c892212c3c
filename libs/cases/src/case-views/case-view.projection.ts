import { Projection, StoredEvent } from '@huquq/event-store';
import { Sql } from '@huquq/platform';
import { CASE_EVENT_TYPES, CaseEvent, CustodyRecorded } from '../domain/case.events';

/** A case_views row as this projection reads and writes it. */
interface CaseViewRow {
  case_id: string;
  org_id: string;
  case_number: string;
  client_id: string;
  appeal_type: string;
  channel: string;
  urgency: string;
  status: string;
  assignee_id: string | null;
  nationality: string | null;
  language: string | null;
  region: string | null;
  incident: unknown;
  incident_id: string | null;
  /** A Date when read back, the event's ISO text when just logged: PostgreSQL parses either. */
  received_at: Date | string | null;
  decision_received_at: Date | string | null;
  deadlines: unknown[];
  possible_duplicates: unknown[];
  version: number;
  opened_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  outcome: string | null;
  custody: CustodyView | null;
  hearings: HearingView[];
}

/** A hearing as the case shows it; `court` and `note` stay the events' ciphertext until revealed. */
export interface HearingView {
  hearingId: string;
  kind: string;
  court: string | null;
  startsAt: string;
  complaintReceivedAt: string | null;
  result: string | null;
  note: string | null;
}

/** Where the person is held now (`current`, null once released), and how often they were moved. */
export interface CustodyView {
  current: Omit<CustodyRecorded['data'], 'caseId' | 'clientId'> | null;
  releasedAt: string | null;
  places: number;
}

const COLUMNS: { name: keyof CaseViewRow; type: string; json?: true }[] = [
  { name: 'case_id', type: 'uuid' },
  { name: 'org_id', type: 'uuid' },
  { name: 'case_number', type: 'text' },
  { name: 'client_id', type: 'uuid' },
  { name: 'appeal_type', type: 'text' },
  { name: 'channel', type: 'text' },
  { name: 'urgency', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'assignee_id', type: 'uuid' },
  { name: 'nationality', type: 'text' },
  { name: 'language', type: 'text' },
  { name: 'region', type: 'text' },
  { name: 'incident', type: 'jsonb', json: true },
  { name: 'incident_id', type: 'uuid' },
  { name: 'received_at', type: 'timestamptz' },
  { name: 'decision_received_at', type: 'timestamptz' },
  { name: 'deadlines', type: 'jsonb', json: true },
  { name: 'possible_duplicates', type: 'jsonb', json: true },
  { name: 'version', type: 'int' },
  { name: 'opened_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
  { name: 'closed_at', type: 'timestamptz' },
  { name: 'outcome', type: 'text' },
  { name: 'custody', type: 'jsonb', json: true },
  { name: 'hearings', type: 'jsonb', json: true },
];

/**
 * One statement for the whole page: every case it touches, with each case's events folded in
 * memory, inserted or updated at once. A row is replaced only by a newer version of itself.
 */
const UPSERT = `
  INSERT INTO case_views (${COLUMNS.map((c) => c.name).join(', ')})
  SELECT * FROM unnest(${COLUMNS.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})
  ON CONFLICT (case_id) DO UPDATE SET ${COLUMNS.filter((c) => c.name !== 'case_id')
    .map((c) => `${c.name} = EXCLUDED.${c.name}`)
    .join(', ')}
  WHERE case_views.version < EXCLUDED.version`;

/**
 * The case as lawyers and intake read it: one row per case. Each event applies only over an
 * older version of the row, so replaying an event (after a crash, in a rebuild) changes
 * nothing twice.
 *
 * A page costs at most two statements whatever its size: a read of the cases it touches that
 * it does not open itself, and one upsert. A case logged in the same page is folded from its
 * first event, so it needs no read.
 */
export class CaseViewProjection implements Projection {
  readonly name = 'case-views';
  /** Read right after every command: written in the command's own transaction. */
  readonly inline = true;
  readonly eventTypes = CASE_EVENT_TYPES;
  /** The lists' indexes: apply reads by case id only. */
  readonly deferredIndexes = [
    'case_views_by_assignee',
    'case_views_by_client',
    'case_views_by_incident',
    'case_views_by_status',
    'case_views_by_type',
    'case_views_newest',
  ];

  async apply(sql: Sql, events: StoredEvent[]): Promise<void> {
    const byCase = new Map<string, StoredEvent<CaseEvent['data']>[]>();
    for (const event of events) {
      const caseId = event.streamId.slice('case-'.length);
      const list = byCase.get(caseId) ?? [];
      list.push(event as StoredEvent<CaseEvent['data']>);
      byCase.set(caseId, list);
    }
    const toRead = [...byCase]
      .filter(([, list]) => list[0].type !== 'appeal-logged')
      .map(([caseId]) => caseId);
    const rows = new Map<string, CaseViewRow>();
    if (toRead.length > 0) {
      const { rows: found } = await sql.query<CaseViewRow>(
        `SELECT ${COLUMNS.map((c) => c.name).join(', ')} FROM case_views WHERE case_id = ANY($1::uuid[])`,
        [toRead],
      );
      for (const row of found) rows.set(row.case_id, row);
    }

    const changed: CaseViewRow[] = [];
    for (const [caseId, list] of byCase) {
      let row = rows.get(caseId) ?? null;
      const before = row?.version ?? 0;
      for (const event of list) row = evolve(row, event);
      if (row && row.version > before) changed.push(row);
    }
    if (changed.length === 0) return;
    await sql.query(
      UPSERT,
      COLUMNS.map((c) => changed.map((row) => (c.json ? JSON.stringify(row[c.name]) : row[c.name]))),
    );
  }

  async reset(sql: Sql): Promise<void> {
    await sql.query('TRUNCATE case_views');
  }
}

/** The row after one event; events at or below the row's version change nothing. */
function evolve(row: CaseViewRow | null, stored: StoredEvent<CaseEvent['data']>): CaseViewRow | null {
  const event = { type: stored.type, data: stored.data } as CaseEvent;
  const at = stored.recordedAt;
  if (event.type === 'appeal-logged') {
    if (row) return row;
    const d = event.data;
    return {
      case_id: d.caseId,
      org_id: stored.orgId!,
      case_number: d.caseNumber,
      client_id: d.clientId,
      appeal_type: d.appealType,
      channel: d.channel,
      urgency: d.urgency,
      status: 'new',
      assignee_id: null,
      nationality: d.nationality,
      language: d.language,
      region: d.incident.region,
      incident: d.incident,
      incident_id: d.incidentId,
      received_at: d.receivedAt,
      decision_received_at: d.decisionReceivedAt,
      deadlines: [],
      possible_duplicates: d.possibleDuplicates,
      version: stored.streamVersion,
      opened_at: at,
      updated_at: at,
      closed_at: null,
      outcome: null,
      custody: null,
      hearings: [],
    };
  }
  // No row: the case's first event was never applied (parked); later ones have nothing to change.
  if (!row || row.version >= stored.streamVersion) return row;
  const next: CaseViewRow = { ...row, version: stored.streamVersion, updated_at: at };
  switch (event.type) {
    case 'case-assigned':
      next.assignee_id = event.data.lawyerId;
      break;
    case 'case-status-changed':
      next.status = event.data.to;
      if (event.data.to === 'closed') next.closed_at = at;
      break;
    case 'case-closed':
      next.status = 'closed';
      next.closed_at = at;
      next.outcome = event.data.outcome;
      break;
    case 'case-reopened':
      next.status = 'in_progress';
      next.closed_at = null;
      next.outcome = null;
      break;
    case 'deadline-set':
      next.deadlines = [...row.deadlines, event.data];
      break;
    case 'custody-recorded': {
      // The place's name stays the event's ciphertext; the revealer opens it for the reader.
      const { caseId: _case, clientId: _client, ...place } = event.data;
      next.custody = { current: place, releasedAt: null, places: (row.custody?.places ?? 0) + 1 };
      break;
    }
    case 'hearing-scheduled': {
      const { hearingId, kind, court, startsAt, complaintReceivedAt } = event.data;
      const hearing = { hearingId, kind, court, startsAt, complaintReceivedAt, result: null, note: null };
      next.hearings = [...(row.hearings ?? []), hearing];
      break;
    }
    case 'hearing-result-recorded':
      next.hearings = (row.hearings ?? []).map((h) =>
        h.hearingId === event.data.hearingId ? { ...h, result: event.data.result, note: event.data.note } : h,
      );
      break;
    case 'custody-released':
      next.custody = { current: null, releasedAt: event.data.releasedAt, places: row.custody?.places ?? 0 };
      break;
    default:
      break;
  }
  return next;
}
