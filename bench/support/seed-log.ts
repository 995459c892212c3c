import { randomBytes, randomUUID } from 'node:crypto';
import { BlindIndexes } from '@huquq/cases/clients/blind-indexes';
import { PersonalFields } from '@huquq/cases/shared/personal-fields';
import { ClientRequest } from '@huquq/cases/intake/appeal.request';
import { AppealLogged } from '@huquq/cases/domain/case.events';
import { AppealType, Channel, resolveRegion, Urgency } from '@huquq/shared-kernel';
import { defaultUrgency } from '@huquq/cases/domain/default-urgency';
import { EventStore, NewEvent } from '@huquq/event-store';
import { DEFAULT_FOLLOW_UP_RULES, planFollowUps } from '@huquq/follow-ups';
import { Database, deterministicUuid } from '@huquq/platform';
import { EnvelopeProtector, MasterKey, SubjectKeyStore } from '@huquq/privacy';
import { appealBody } from './appeals';

/**
 * A log the size of a national network's: cases as the service writes them (client registered
 * with sealed personal fields and sealed blind-index entries, appeal logged, the follow-up tasks
 * and legal deadlines the default rules plan, assignment, triage, claimed and completed tasks,
 * notes, closings), appended through EventStore in multi-stream statements, so the hash chain
 * and every trigger run as in production. Data keys are made in bulk (wrapped by the master
 * key as SubjectKeyStore would) rather than one transaction per person.
 */
export interface SeedOptions {
  db: Database;
  masterKey: string;
  blindIndexKey: string;
  /** Stop once at least this many events are written… */
  events: number;
  /** …or this many cases. */
  maxCases?: number;
  /** Organizations sharing the installation; the first one is the big office. */
  orgs: string[];
  onProgress?: (written: number) => void;
}

export interface SeedOutcome {
  events: number;
  cases: number;
  clients: number;
  byType: Record<string, number>;
}

const CASES_PER_BATCH = 400;

interface StreamAppend {
  streamId: string;
  expectedVersion: number;
  orgId: string;
  events: NewEvent[];
}

export async function seedLog(options: SeedOptions): Promise<SeedOutcome> {
  const { db } = options;
  const master = MasterKey.parse(options.masterKey);
  const keys = new SubjectKeyStore(db, master, { cacheMaxEntries: CASES_PER_BATCH * 4 });
  const personal = new PersonalFields(new EnvelopeProtector(keys));
  const blindIndexes = new BlindIndexes(options.blindIndexKey);
  const store = new EventStore(db);
  const lawyers = options.orgs.map(() => Array.from({ length: 25 }, () => randomUUID()));
  const intakeStaff = options.orgs.map(() => Array.from({ length: 10 }, () => randomUUID()));
  const byType: Record<string, number> = {};
  let events = 0;
  let cases = 0;
  /** The last case number given per organization and year. */
  const lastNumbers = new Map<string, number>();
  // Two statements in flight: PostgreSQL hashes and indexes one batch while Node builds the next.
  const inFlight = new Set<Promise<void>>();

  const maxCases = options.maxCases ?? Number.MAX_SAFE_INTEGER;
  while (events < options.events && cases < maxCases) {
    const batch: { orgId: string; clientId: string; n: number }[] = [];
    for (let i = 0; i < Math.min(CASES_PER_BATCH, maxCases - cases); i++) {
      const n = cases + i;
      batch.push({ orgId: options.orgs[orgIndex(n, options.orgs.length)], clientId: randomUUID(), n });
    }
    cases += batch.length;
    // Data keys for the whole batch in one statement, then into the store's cache in one read.
    await db.query(
      `INSERT INTO subject_keys (subject_id, org_id, wrapped_key, master_key_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[])`,
      [
        batch.map((c) => c.clientId),
        batch.map((c) => c.orgId),
        batch.map((c) => master.wrap(c.orgId, c.clientId, randomBytes(32))),
        batch.map(() => master.id),
      ],
    );
    await keys.keysFor(batch.map((c) => ({ orgId: c.orgId, subjectId: c.clientId })));

    const appends: StreamAppend[] = [];
    for (const c of batch) {
      const org = orgIndex(c.n, options.orgs.length);
      const year = loggedAtOf(c.n).getUTCFullYear();
      const key = `${c.orgId}/${year}`;
      lastNumbers.set(key, Math.max(lastNumbers.get(key) ?? 0, c.n + 1));
      appends.push(
        ...(await caseStreams(c, {
          personal,
          blindIndexes,
          lawyer: lawyers[org][c.n % lawyers[org].length],
          intake: intakeStaff[org][c.n % intakeStaff[org].length],
        })),
      );
    }
    for (const append of appends) {
      for (const event of append.events) byType[event.type] = (byType[event.type] ?? 0) + 1;
      events += append.events.length;
    }
    const write = store.appendMany(appends).then(() => undefined);
    inFlight.add(write);
    void write.finally(() => inFlight.delete(write)).catch(() => undefined);
    if (inFlight.size >= 2) await Promise.race(inFlight);
    options.onProgress?.(events);
  }
  await Promise.all(inFlight);
  // Intake goes on numbering after the history, as it would have.
  for (const [key, last] of lastNumbers) {
    const [orgId, year] = key.split('/');
    await db.query(
      `INSERT INTO case_number_counters (org_id, year, last_number) VALUES ($1, $2, $3)
       ON CONFLICT (org_id, year) DO UPDATE SET last_number = greatest(case_number_counters.last_number, EXCLUDED.last_number)`,
      [orgId, Number(year), last],
    );
  }
  return { events, cases, clients: cases, byType };
}

/** Seven in ten cases are the big office's, the rest spread over the others. */
function orgIndex(n: number, orgs: number): number {
  return n % 10 < 7 || orgs === 1 ? 0 : 1 + (n % (orgs - 1));
}

/** When the n-th case was logged: spread over the last 90 days. */
function loggedAtOf(n: number): Date {
  const now = new Date();
  now.setUTCMinutes(0, 0, 0);
  return new Date(now.getTime() - (n % 90) * 86_400_000 - (n % 1440) * 60_000);
}

interface Helpers {
  personal: PersonalFields;
  blindIndexes: BlindIndexes;
  lawyer: string;
  intake: string;
}

async function sealedIncident(
  personal: PersonalFields,
  subject: { orgId: string; subjectId: string },
  incident: { occurredAt: string; region: string; city: string; location: string; description: string },
): Promise<AppealLogged['data']['incident']> {
  const { code, remainder } = resolveRegion(incident.region);
  const seal = (field: string, value: string | null) =>
    value === null ? Promise.resolve(null) : personal.seal(subject, field, value);
  return {
    occurredAt: incident.occurredAt,
    region: code,
    regionText: await seal('incident.region', remainder),
    city: await seal('incident.city', incident.city),
    location: await seal('incident.location', incident.location),
    description: (await seal('incident.description', incident.description))!,
  };
}

async function caseStreams(
  c: { orgId: string; clientId: string; n: number },
  { personal, blindIndexes, lawyer, intake }: Helpers,
): Promise<StreamAppend[]> {
  const { orgId, clientId, n } = c;
  const subject = { orgId, subjectId: clientId };
  const body = appealBody({ n, run: 7 }) as Record<string, unknown> & {
    client: ClientRequest;
    incident: { occurredAt: string; region: string; city: string; location: string; description: string };
  };
  const caseId = randomUUID();
  const correlationId = randomUUID();
  const intakeMeta = { actorId: intake, actorRole: 'intake', orgId, correlationId };
  const lawyerMeta = { actorId: lawyer, actorRole: 'lawyer', orgId, correlationId: randomUUID() };
  const coordinatorMeta = { actorId: lawyer, actorRole: 'coordinator', orgId, correlationId: randomUUID() };
  const loggedAt = loggedAtOf(n);
  const at = (minutes: number) => new Date(loggedAt.getTime() + minutes * 60_000).toISOString();

  const client: NewEvent = {
    eventId: deterministicUuid(clientId, 'client-registered'),
    type: 'client-registered',
    data: {
      clientId,
      personal: await personal.sealPerson(subject, body.client),
      nationality: body.client.nationality,
      language: body.client.language ?? null,
      matchKeys: await personal.seal(
        subject,
        'matchKeys',
        JSON.stringify(blindIndexes.for(orgId).keysFor(body.client)),
      ),
    },
    metadata: intakeMeta,
  };

  const appealType = body.appealType as AppealType;
  const logged: AppealLogged['data'] = {
    caseId,
    caseNumber: `${loggedAt.getUTCFullYear()}-${String(n + 1).padStart(6, '0')}`,
    clientId,
    appealType,
    channel: body.channel as Channel,
    urgency: (body.urgency as Urgency | null) ?? defaultUrgency(appealType),
    receivedAt: String(body.receivedAt),
    nationality: body.client.nationality,
    language: body.client.language ?? null,
    // As intake writes it now: the region a code, its remainder and the free text sealed. Plain
    // text here would be "legacy" to the service, which reseals it at start, under the load.
    incident: await sealedIncident(personal, subject, body.incident),
    decisionReceivedAt: (body.decisionReceivedAt as string | null) ?? null,
    incidentId: null,
    possibleDuplicates: [],
    loggedAt: loggedAt.toISOString(),
  };
  const appealEventId = deterministicUuid(caseId, 'appeal-logged');
  const caseEvents: NewEvent[] = [
    { eventId: appealEventId, type: 'appeal-logged', data: logged, metadata: intakeMeta },
    { type: 'case-assigned', data: { lawyerId: lawyer, previousLawyerId: null }, metadata: coordinatorMeta },
    { type: 'case-status-changed', data: { from: 'new', to: 'triaged', reason: null }, metadata: lawyerMeta },
  ];
  if (n % 8 === 0) {
    caseEvents.push({
      type: 'note-added',
      data: {
        noteId: randomUUID(),
        text: await personal.seal(
          subject,
          'note.text',
          'Called the relatives; the hearing is tomorrow at 10.',
        ),
      },
      metadata: lawyerMeta,
    });
  }
  if (n % 5 === 0) {
    caseEvents.push({
      type: 'case-closed',
      data: { outcome: 'released', from: 'triaged' },
      metadata: coordinatorMeta,
    });
  }

  const plan = planFollowUps(
    { eventId: appealEventId, recordedAt: loggedAt, type: 'appeal-logged', data: logged },
    DEFAULT_FOLLOW_UP_RULES,
  );
  const followUpMeta = { orgId, jobId: `plan.${appealEventId}`, causationId: appealEventId, correlationId };
  const streams: StreamAppend[] = [
    { streamId: `client-${clientId}`, expectedVersion: 0, orgId, events: [client] },
    { streamId: `case-${caseId}`, expectedVersion: 0, orgId, events: caseEvents },
  ];
  for (const deadline of plan.deadlines) {
    streams.push({
      streamId: `legal-deadline-${deadline.deadlineId}`,
      expectedVersion: 0,
      orgId,
      events: [
        {
          type: 'legal-deadline-set',
          data: { ...deadline, setAt: loggedAt.toISOString() },
          metadata: followUpMeta,
        },
      ],
    });
  }
  for (const [i, task] of plan.tasks.entries()) {
    const events: NewEvent[] = [
      { type: 'task-created', data: { ...task, createdAt: loggedAt.toISOString() }, metadata: followUpMeta },
    ];
    if (i === 0 && n % 4 === 0) {
      events.push(
        {
          type: 'task-claimed',
          data: { taskId: task.taskId, userId: lawyer, claimedAt: at(20) },
          metadata: lawyerMeta,
        },
        {
          type: 'task-completed',
          data: {
            taskId: task.taskId,
            userId: lawyer,
            completedAt: at(45),
            result: (await personal.seal(subject, 'task.result', 'Reached the family; lawyer on the way.'))!,
            resultField: 'task.result',
          },
          metadata: lawyerMeta,
        },
      );
    }
    streams.push({ streamId: `task-${task.taskId}`, expectedVersion: 0, orgId, events });
  }
  return streams;
}
