import { randomUUID } from 'node:crypto';
import type { Sql } from '@huquq/platform';

/**
 * History written as if it had been logged in the past, for the reports' tests and benchmark:
 * reports count by the time an event was recorded, which the API always sets to now. The rows
 * go into `events` through the same columns as an append, so the store's triggers (hash chain,
 * notification) run; only recorded_at is given instead of defaulted.
 */
export interface BackdatedEvent {
  streamId: string;
  version: number;
  type: string;
  data: unknown;
  orgId: string;
  recordedAt: Date;
  actorId?: string;
  actorRole?: string;
  eventId?: string;
}

export async function insertBackdated(sql: Sql, events: readonly BackdatedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await sql.query(
    `INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, org_id, recorded_at)
     SELECT stream_id, stream_version, event_id, type, 1, data::jsonb, metadata::jsonb, org_id, recorded_at
     FROM unnest($1::text[], $2::int[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::timestamptz[])
       WITH ORDINALITY AS i(stream_id, stream_version, event_id, type, data, metadata, org_id, recorded_at, ord)
     ORDER BY ord`,
    [
      events.map((e) => e.streamId),
      events.map((e) => e.version),
      events.map((e) => e.eventId ?? randomUUID()),
      events.map((e) => e.type),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) =>
        JSON.stringify({
          orgId: e.orgId,
          actorId: e.actorId ?? randomUUID(),
          actorRole: e.actorRole ?? 'intake',
        }),
      ),
      events.map((e) => e.orgId),
      events.map((e) => e.recordedAt.toISOString()),
    ],
  );
}

export interface Actor {
  id?: string;
  role: string;
}

export interface AppealFacts {
  orgId: string;
  caseId?: string;
  caseNumber: string;
  appealType: string;
  channel: string;
  urgency: string;
  nationality: string | null;
  region: string | null;
  loggedAt: Date;
  by?: Actor;
}

/** One case's events in order, with the stream versions the store would have given them. */
export class CaseHistory {
  readonly caseId: string;
  readonly events: BackdatedEvent[] = [];
  private status = 'new';

  constructor(readonly appeal: AppealFacts) {
    this.caseId = appeal.caseId ?? randomUUID();
    this.push('appeal-logged', appeal.loggedAt, appeal.by, {
      caseId: this.caseId,
      caseNumber: appeal.caseNumber,
      clientId: randomUUID(),
      appealType: appeal.appealType,
      channel: appeal.channel,
      urgency: appeal.urgency,
      receivedAt: appeal.loggedAt.toISOString(),
      nationality: appeal.nationality,
      language: null,
      // Stands for the sealed account; reports never read it.
      incident: {
        occurredAt: null,
        region: appeal.region,
        city: null,
        location: null,
        description: 'sealed',
      },
      decisionReceivedAt: null,
      incidentId: null,
      possibleDuplicates: [],
      loggedAt: appeal.loggedAt.toISOString(),
    });
  }

  assign(lawyerId: string, at: Date, by: Actor = { role: 'coordinator' }): this {
    return this.push('case-assigned', at, by, { lawyerId, previousLawyerId: null });
  }

  moveTo(to: string, at: Date, by: Actor = { role: 'lawyer' }): this {
    const from = this.status;
    this.status = to;
    return this.push('case-status-changed', at, by, { from, to, reason: null });
  }

  close(at: Date, outcome = 'settled', by: Actor = { role: 'coordinator' }): this {
    const from = this.status;
    this.status = 'closed';
    return this.push('case-closed', at, by, { outcome, from });
  }

  reopen(at: Date, by: Actor = { role: 'coordinator' }): this {
    this.status = 'in_progress';
    return this.push('case-reopened', at, by, { reason: 'new facts' });
  }

  deadline(dueAt: Date, at: Date, by: Actor = { role: 'lawyer' }): this {
    return this.push('deadline-set', at, by, {
      deadlineId: randomUUID(),
      kind: 'free text the lawyer typed',
      dueAt: dueAt.toISOString(),
      basis: null,
    });
  }

  note(at: Date, by: Actor): this {
    return this.push('note-added', at, by, { noteId: randomUUID(), text: 'sealed' });
  }

  private push(type: string, at: Date, by: Actor | undefined, data: unknown): this {
    this.events.push({
      streamId: `case-${this.caseId}`,
      version: this.events.length + 1,
      type,
      data,
      orgId: this.appeal.orgId,
      recordedAt: at,
      actorId: by?.id,
      actorRole: by?.role ?? 'intake',
    });
    return this;
  }
}

export interface TaskFacts {
  orgId: string;
  caseId: string | null;
  queue?: 'lawyer' | 'coordinator';
  priority?: string;
  dueAt: Date;
  createdAt: Date;
  escalationOf?: string | null;
  deadlineId?: string | null;
}

/** A follow-up task's stream: created, and perhaps claimed and completed. */
export class TaskHistory {
  readonly taskId = randomUUID();
  readonly events: BackdatedEvent[] = [];

  constructor(readonly task: TaskFacts) {
    this.push(
      'task-created',
      task.createdAt,
      { role: 'system' },
      {
        taskId: this.taskId,
        caseId: task.caseId,
        incidentId: null,
        clientId: null,
        kind: task.escalationOf ? 'escalation' : 'contact',
        title: 'Contact the client',
        queue: task.queue ?? 'lawyer',
        priority: task.priority ?? 'normal',
        dueAt: task.dueAt.toISOString(),
        escalateAt: null,
        basis: 'test rule',
        ruleId: 'test-rule',
        deadlineId: task.deadlineId ?? null,
        escalationOf: task.escalationOf ?? null,
        createdAt: task.createdAt.toISOString(),
      },
    );
  }

  claim(at: Date, by: Actor): this {
    return this.push('task-claimed', at, by, {
      taskId: this.taskId,
      userId: by.id ?? randomUUID(),
      claimedAt: at.toISOString(),
    });
  }

  complete(at: Date, by: Actor): this {
    return this.push('task-completed', at, by, {
      taskId: this.taskId,
      userId: by.id ?? randomUUID(),
      completedAt: at.toISOString(),
      result: 'sealed',
      resultField: 'task.result',
    });
  }

  private push(type: string, at: Date, by: Actor, data: unknown): this {
    this.events.push({
      streamId: `task-${this.taskId}`,
      version: this.events.length + 1,
      type,
      data,
      orgId: this.task.orgId,
      recordedAt: at,
      actorId: by.id,
      actorRole: by.role,
    });
    return this;
  }
}

/** A rule-made legal deadline's stream (`legal-deadline-set`), worked by `taskId`. */
export function legalDeadline(options: {
  orgId: string;
  caseId: string;
  taskId: string;
  dueAt: Date;
  setAt: Date;
  kind?: string;
  deadlineId?: string;
}): BackdatedEvent {
  const deadlineId = options.deadlineId ?? randomUUID();
  return {
    streamId: `legal-deadline-${deadlineId}`,
    version: 1,
    type: 'legal-deadline-set',
    data: {
      deadlineId,
      caseId: options.caseId,
      clientId: randomUUID(),
      kind: options.kind ?? 'appeal',
      dueAt: options.dueAt.toISOString(),
      basis: 'KoAP RF art. 30.3',
      confidence: 'confirmed',
      clock: 'appeal-ruling',
      ruleId: 'test-rule',
      taskId: options.taskId,
      reminders: [],
      setAt: options.setAt.toISOString(),
    },
    orgId: options.orgId,
    recordedAt: options.setAt,
    actorRole: 'system',
  };
}
