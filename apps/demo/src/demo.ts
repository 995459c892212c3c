import { randomBytes } from 'node:crypto';
import { createOrgCommand, createUserCommand } from '@huquq/identity';
import type { Database } from '@huquq/platform';
import { inPool, RequestFailed, RetryStats, Session, Transport } from './http';
import { printReports, ReportsPrinted } from './report-output';
import { Random } from './random';
import { waitUntilSettled } from './settle';
import {
  AppealPlan,
  AppealType,
  clientRecord,
  moscowTime,
  planWeek,
  Planned,
  RaidPlan,
  WeekPlan,
} from './synthetic-week';
import { count, number, table } from './text';

export interface DemoOptions {
  /** How requests reach the service. */
  transport: Transport;
  /** The service's database, where the organization and its users are created (as the CLI does). */
  db: Database;
  /** Where the service answers, for the "what to look at next" lines. */
  baseUrl: string;
  out?: (line: string) => void;
  days?: number;
  perDay?: number;
  raidSize?: number;
  lawyers?: number;
  concurrency?: number;
  seed?: number;
  now?: Date;
  /** How long to wait for the reports to show every case (projections run behind the writes). */
  reportTimeoutMs?: number;
  /**
   * The service's OPERATOR_TOKEN, to watch its background work settle (/health/details) before
   * going on; without it the demo goes on at once and the reports wait for themselves.
   */
  operatorToken?: string;
  /**
   * Sets when what is written next counts as logged: `daysAgo` days before now. Reports count by
   * logging time, so a week replayed in minutes would show as one day; with this, day d of the
   * week (the days before today) is logged (days − d) days ago, and 0 when intake is over. Only for a database of the
   * demo's own (main.ts).
   */
  backdate?: (daysAgo: number) => Promise<void>;
}

export interface DemoUser {
  role: 'intake' | 'lawyer' | 'coordinator' | 'admin';
  label: string;
  id: string;
  email: string;
  password: string;
}

export interface DemoResult {
  orgId: string;
  orgName: string;
  users: DemoUser[];
  week: WeekPlan;
  /** Appeals (POST /v1/appeals) sent and answered 201. */
  appealsSent: number;
  appealsAcknowledged: number;
  raid: { incidentId: string; caseIds: string[] } | null;
  /** Cases the API acknowledged: appeals plus the raid's. */
  casesCreated: number;
  failures: string[];
  closed: number;
  reports: ReportsPrinted;
  elapsedMs: number;
  coordinatorToken: string;
}

interface Logged {
  caseId: string;
  caseNumber: string;
  clientId: string;
  version: number;
  possibleDuplicates: string[];
}

interface RaidAnswer {
  incidentId: string;
  caseIds: string[];
}

interface CaseRecord {
  plan: AppealPlan | RaidPlan;
  caseId: string;
  version: number;
  appealType: AppealType;
}

/** A settable promise: appeals about an earlier case wait for its answer, however the pool ran. */
class Later<T> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  constructor() {
    this.promise = new Promise<T>((resolve) => (this.resolve = resolve));
  }
}

const DEFAULTS = { days: 7, perDay: 1040, raidSize: 60, lawyers: 4, concurrency: 16, seed: 20240322 };

/**
 * Creates a demo organization and its users, replays a synthetic week through the HTTP API (intake,
 * a raid, assignments, status changes, closings, follow-up tasks), then prints the load and backlog
 * reports. Prints ids and counts only, never a (synthetic) person's name.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const o = { ...DEFAULTS, ...definedOnly(options) };
  const now = options.now ?? new Date();
  const stats: RetryStats = { retries: new Map() };
  const runId = randomBytes(3).toString('hex');

  // 1. The organization and its people, the way an admin bootstraps them (npm run cli).
  const orgName = `Demo Legal Aid ${moscowTime(now).slice(0, 16).replace('T', ' ')} ${runId}`;
  const org = await createOrgCommand(options.db, { name: orgName });
  const roles: Omit<DemoUser, 'id' | 'password'>[] = [
    { role: 'intake', label: 'intake', email: `intake.${runId}@demo.example.org` },
    { role: 'coordinator', label: 'coordinator', email: `coordinator.${runId}@demo.example.org` },
    { role: 'admin', label: 'admin', email: `admin.${runId}@demo.example.org` },
    ...Array.from({ length: o.lawyers }, (_, i) => ({
      role: 'lawyer' as const,
      label: `lawyer ${i + 1}`,
      email: `lawyer${i + 1}.${runId}@demo.example.org`,
    })),
  ];
  const users: DemoUser[] = [];
  for (const user of roles) {
    const password = randomBytes(12).toString('base64url');
    const { id } = await createUserCommand(options.db, {
      org: org.id,
      email: user.email,
      role: user.role,
      password,
    });
    users.push({ ...user, id, password });
  }
  out(`Organization "${orgName}" (id ${org.id}) with ${users.length} users.`);
  out('It is a demo organization: these passwords are shown once, here, and protect nothing real.');
  out(
    table(
      ['role', 'email', 'password'],
      users.map((u) => [u.label, u.email, u.password]),
    ),
  );
  out('');

  const session = (user: DemoUser) => new Session(options.transport, user.email, user.password, stats);
  const intake = session(users[0]);
  const coordinator = session(users[1]);
  const lawyerUsers = users.filter((u) => u.role === 'lawyer');
  const lawyers = lawyerUsers.map(session);
  for (const s of [intake, coordinator, ...lawyers]) await s.signIn();

  // 2. The week's intake, day by day, in the order things happened.
  const week = planWeek({ seed: o.seed, days: o.days, perDay: o.perDay, raidSize: o.raidSize, now });
  const answers = new Map<number, Later<Logged | null>>();
  let raidAnswer: RaidAnswer | null = null;
  const raidReady = new Later<RaidAnswer | null>();
  const failures: string[] = [];
  const cases: CaseRecord[] = [];
  const sentRequests = new Map<number, { key: string; body: unknown }>();
  const duplicates = { returning: 0, found: 0, byId: 0, respelled: 0, raidPeople: 0, namesakes: 0 };
  let appealsSent = 0;
  let appealsAcknowledged = 0;
  for (const item of week.items) if (item.kind === 'appeal') answers.set(item.seq, new Later());
  if (!week.items.some((i) => i.kind === 'raid')) raidReady.resolve(null);

  const earlierCaseId = async (plan: AppealPlan): Promise<string | null> => {
    if (!plan.earlier) return null;
    const earlier = week.items[plan.earlier.seq];
    if (earlier.kind === 'raid') return (await raidReady.promise)?.caseIds[plan.earlier.index ?? 0] ?? null;
    return (await answers.get(earlier.seq)!.promise)?.caseId ?? null;
  };

  const sendAppeal = async (plan: AppealPlan) => {
    const given = plan.client;
    const client =
      given.kind === 'id'
        ? await answers
            .get(given.of)!
            .promise.then((a) =>
              a ? { clientId: a.clientId } : { client: clientRecord(recordOf(week, given)) },
            )
        : { client: clientRecord(given.person) };
    const body = {
      appealType: plan.appealType,
      channel: plan.channel,
      receivedAt: moscowTime(plan.receivedAt),
      ...(plan.urgency ? { urgency: plan.urgency } : {}),
      ...client,
      incident: {
        occurredAt: moscowTime(plan.incident.occurredAt),
        region: plan.incident.region,
        city: plan.incident.city,
        location: plan.incident.location,
        description: plan.incident.description,
      },
      decisionReceivedAt: plan.decisionReceivedAt && moscowTime(plan.decisionReceivedAt),
      incidentId: plan.raidSeq === null ? null : ((await raidReady.promise)?.incidentId ?? null),
    };
    // One key per appeal, kept across retries: a lost answer retried never makes a second case.
    const key = `demo-${runId}-${plan.seq}`;
    appealsSent++;
    try {
      const logged = await intake.expect<Logged>({
        method: 'POST',
        path: '/v1/appeals',
        headers: { 'Idempotency-Key': key },
        body,
      });
      appealsAcknowledged++;
      if (sentRequests.size < 5 && plan.seq % 97 === 13) sentRequests.set(plan.seq, { key, body });
      cases.push({ plan, caseId: logged.caseId, version: logged.version, appealType: plan.appealType });
      const earlier = await earlierCaseId(plan);
      if (plan.earlier) {
        duplicates.returning++;
        if (earlier && logged.possibleDuplicates.includes(earlier)) {
          duplicates.found++;
          if (plan.raidSeq !== null) duplicates.raidPeople++;
          else if (plan.client.kind === 'id') duplicates.byId++;
          else duplicates.respelled++;
        }
      } else if (logged.possibleDuplicates.length > 0) duplicates.namesakes++;
      answers.get(plan.seq)!.resolve(logged);
    } catch (error) {
      failures.push(describe(error));
      answers.get(plan.seq)!.resolve(null);
    }
  };

  const raidCases = () => cases.filter((c) => c.plan.kind === 'raid').length;
  const sendRaid = async (plan: RaidPlan) => {
    try {
      const answer = await intake.expect<RaidAnswer>({
        method: 'POST',
        path: '/v1/incidents',
        headers: { 'Idempotency-Key': `demo-${runId}-${plan.seq}` },
        body: {
          kind: 'dormitory_raid',
          occurredAt: moscowTime(plan.occurredAt),
          receivedAt: moscowTime(plan.receivedAt),
          region: plan.region,
          city: plan.city,
          location: plan.location,
          description: plan.description,
          appealType: 'detention',
          channel: 'hotline',
          people: plan.people.map(clientRecord),
        },
      });
      raidAnswer = answer;
      for (const caseId of answer.caseIds) cases.push({ plan, caseId, version: 1, appealType: 'detention' });
      raidReady.resolve(answer);
    } catch (error) {
      failures.push(describe(error));
      raidReady.resolve(null);
    }
  };

  out(
    `Replaying ${count(o.days, 'day')}, ${week.days[0]} to ${week.days.at(-1)} (Moscow time), through the HTTP API: ` +
      `${o.concurrency} requests in flight, an Idempotency-Key on every intake request, retries on 429/5xx/network errors.`,
  );
  const intakeStarted = Date.now();
  const dayRows: string[][] = [];
  for (let day = 0; day < o.days; day++) {
    const items = week.items.filter((i) => i.day === day);
    await options.backdate?.(o.days - day);
    const dayStarted = Date.now();
    const before = appealsAcknowledged;
    await inPool(items, o.concurrency, (item: Planned) =>
      item.kind === 'raid' ? sendRaid(item) : sendAppeal(item),
    );
    const raid = items.find((i): i is RaidPlan => i.kind === 'raid');
    out(
      `  ${weekday(week.days[day])} ${week.days[day]}  ${count(appealsAcknowledged - before, 'appeal')} logged` +
        (raid ? `, and a dormitory raid: ${count(raidCases(), 'case')} from one POST /v1/incidents` : '') +
        `  (${seconds(Date.now() - dayStarted)})`,
    );
    dayRows.push(weekRow(week, day, cases));
  }
  // Casework happens now, after the week: logged today.
  await options.backdate?.(0);
  const intakeMs = Date.now() - intakeStarted;
  const casesCreated = cases.length;
  out(
    `Intake: ${count(casesCreated, 'case')} in ${seconds(intakeMs)} (${Math.round(casesCreated / (intakeMs / 1000))} a second); ` +
      `${count(appealsAcknowledged, 'appeal')} of ${number(appealsSent)} acknowledged with 201` +
      (failures.length ? `, ${count(failures.length, 'request')} FAILED (first: ${failures[0]})` : '') +
      `; retries: ${retriesText(stats)}.`,
  );
  out(
    `Returning people: ${duplicates.found} of ${duplicates.returning} were pointed out as possible duplicates of their open case ` +
      `(${duplicates.respelled} typed in again in another spelling, ${duplicates.byId} named by clientId, ` +
      `${duplicates.raidPeople} raid detainees whose relatives or court papers came in). ` +
      `${count(duplicates.namesakes, 'other appeal')} ${duplicates.namesakes === 1 ? 'shares' : 'share'} a full name with someone's open case (common names ` +
      `do: the matching errs towards suggesting, and a lawyer confirms or dismisses with one look).`,
  );

  // 3. Safe retry: the same request with the same Idempotency-Key answers the first case again.
  const replays = [...sentRequests.entries()];
  let sameAnswer = 0;
  for (const [seq, { key, body }] of replays) {
    const again = await intake.expect<Logged>({
      method: 'POST',
      path: '/v1/appeals',
      headers: { 'Idempotency-Key': key },
      body,
    });
    const first = await answers.get(seq)!.promise;
    if (first && again.caseId === first.caseId) sameAnswer++;
  }
  out(
    `Safe retry: ${count(replays.length, 'appeal')} sent again with the same Idempotency-Key → ` +
      `${sameAnswer} answered with the same case, no new case recorded (the report's total below shows it).`,
  );

  const settleMs = o.reportTimeoutMs ?? 120_000;
  const afterIntake = await waitUntilSettled(options.transport, options.operatorToken, settleMs);
  out(
    afterIntake.settled === null
      ? `The worker turns the appeals into follow-up tasks and legal deadlines in the background (its progress is for the service's operators: /health/details with OPERATOR_TOKEN); going on.`
      : afterIntake.settled
        ? `The worker turned the appeals into follow-up tasks and legal deadlines (caught up ${seconds(afterIntake.ms)} after the last appeal).`
        : `The worker was still busy ${seconds(afterIntake.ms)} after the last appeal (the service's /health/details shows other work too); going on.`,
  );

  // 4. Coordinators assign, lawyers work their cases, coordinators close some; lawyers take tasks.
  const work = await workTheCases(
    new Random(o.seed + 1),
    cases,
    coordinator,
    lawyers,
    lawyerUsers,
    o.concurrency,
    failures,
  );
  out(
    `Casework: ${count(work.assigned, 'case')} assigned to ${count(lawyers.length, 'lawyer')}, ` +
      `${count(work.statusChanges, 'status change')} by the lawyers, ${count(work.closed, 'case')} closed (` +
      Object.entries(work.outcomes)
        .sort((a, b) => b[1] - a[1])
        .map(([outcome, n]) => `${outcome} ${n}`)
        .join(', ') +
      `), ${count(work.tasksDone, 'follow-up task')} claimed and done` +
      (work.skipped ? `, ${work.skipped} skipped on a version conflict` : '') +
      ` (${seconds(work.ms)}).`,
  );
  out('');

  await waitUntilSettled(options.transport, options.operatorToken, settleMs);

  // 5. What the coordinators see.
  out(
    `The week as it was sent, by day received (receivedAt, Moscow time); counted by this demo from the API's answers:`,
  );
  out(
    table(
      ['day', 'all', 'detention', 'document check', 'expulsion / deportation', 'raid', 'other types'],
      [...dayRows, totalRow(dayRows)],
      { right: [1, 2, 3, 4, 5, 6] },
    ),
  );
  out('');
  const reports = await printReports({
    coordinator,
    out,
    week,
    expected: { opened: casesCreated, closed: work.closed },
    timeoutMs: o.reportTimeoutMs ?? 120_000,
    lawyerLabels: new Map(lawyerUsers.map((u) => [u.id, u.label])),
    backdated: options.backdate !== undefined,
  });

  // 6. Where to go from here.
  const base = options.baseUrl.replace(/\/+$/, '');
  const coordinatorUser = users[1];
  out('');
  out('What to look at next:');
  out(`  ${base}/dashboard   the coordinators' dashboard: sign in as ${coordinatorUser.email}`);
  out(`  ${base}/docs        the API (OpenAPI)`);
  out(`  The coordinator's token (valid 15 minutes; the last command below signs in again):`);
  out(`  TOKEN=${coordinator.accessToken}`);
  out(
    `  curl -s '${base}/v1/reports/load?groupBy=region&from=${week.days[0]}&tz=Europe/Moscow' -H "Authorization: Bearer $TOKEN"`,
  );
  out(
    `  curl -s '${base}/v1/reports/backlog?tz=Europe/Moscow' -H "Authorization: Bearer $TOKEN" -H 'Accept: text/csv'`,
  );
  out(
    `  curl -s -X POST ${base}/v1/auth/token -H 'Content-Type: application/json' ` +
      `-d '{"email":"${coordinatorUser.email}","password":"${coordinatorUser.password}"}'`,
  );

  return {
    orgId: org.id,
    orgName,
    users,
    week,
    appealsSent,
    appealsAcknowledged,
    raid: raidAnswer,
    casesCreated,
    failures,
    closed: work.closed,
    reports,
    elapsedMs: Date.now() - started,
    coordinatorToken: coordinator.accessToken,
  };
}

/** The client record an appeal by clientId falls back to if its earlier appeal was not logged. */
function recordOf(week: WeekPlan, client: { kind: 'id'; of: number }) {
  const earlier = week.items[client.of] as AppealPlan;
  if (earlier.client.kind !== 'record') throw new Error('A returning client must refer to a first appeal');
  return earlier.client.person;
}

interface WorkDone {
  assigned: number;
  statusChanges: number;
  closed: number;
  outcomes: Record<string, number>;
  tasksDone: number;
  skipped: number;
  ms: number;
}

type Step = { who: 'lawyer'; status: string } | { who: 'coordinator'; close: string };

const DEADLINE_TYPES: ReadonlySet<AppealType> = new Set(['expulsion_order', 'deportation', 'entry_ban']);

/**
 * What happens to a case in the days after intake, drawn per case: who is assigned, how far the
 * lawyer gets, whether it is closed and how. Expulsion and deportation rulings go to court and
 * mostly stay open (awaiting the decision); many detentions end with the person released.
 */
function planCasework(r: Random, record: CaseRecord): { assign: boolean; steps: Step[] } {
  const raid = record.plan.kind === 'raid' || record.plan.raidSeq !== null;
  const withDeadline = record.plan.kind === 'appeal' && record.plan.decisionReceivedAt !== null;
  const type = record.appealType;
  const assign =
    raid ||
    (withDeadline && DEADLINE_TYPES.has(type) && r.chance(0.5)) ||
    (type === 'detention' && r.chance(0.08)) ||
    r.chance(0.02);
  if (!assign) {
    // Document checks that ended with the person let go are closed by a coordinator without a lawyer.
    if (type === 'document_check' && r.chance(0.2)) {
      return {
        assign,
        steps: [
          {
            who: 'coordinator',
            close: r.weighted({ released: 50, no_contact: 25, withdrawn: 15, referred: 10 }),
          },
        ],
      };
    }
    return { assign, steps: [] };
  }
  const steps: Step[] = [];
  if (r.chance(0.8)) {
    steps.push({ who: 'lawyer', status: 'triaged' });
    if (r.chance(0.7)) {
      steps.push({ who: 'lawyer', status: 'in_progress' });
      if (DEADLINE_TYPES.has(type) && r.chance(0.4))
        steps.push({ who: 'lawyer', status: 'awaiting_decision' });
    }
  }
  if (type === 'detention' && r.chance(0.55)) {
    steps.push({
      who: 'coordinator',
      close: r.weighted({ released: 70, no_contact: 10, referred: 10, other: 10 }),
    });
  } else if ((type === 'expulsion_order' || type === 'deportation') && r.chance(0.1)) {
    steps.push({
      who: 'coordinator',
      close: r.weighted({ order_overturned: 40, order_upheld: 40, deported: 20 }),
    });
  } else if (!DEADLINE_TYPES.has(type) && r.chance(0.4)) {
    steps.push({
      who: 'coordinator',
      close: r.weighted({ settled: 40, referred: 30, withdrawn: 20, other: 10 }),
    });
  }
  return { assign, steps };
}

async function workTheCases(
  r: Random,
  cases: CaseRecord[],
  coordinator: Session,
  lawyers: Session[],
  lawyerUsers: DemoUser[],
  concurrency: number,
  failures: string[],
): Promise<WorkDone> {
  const started = Date.now();
  const done: WorkDone = {
    assigned: 0,
    statusChanges: 0,
    closed: 0,
    outcomes: {},
    tasksDone: 0,
    skipped: 0,
    ms: 0,
  };
  // One lawyer carries more than the others: the backlog's caseload table should show it.
  const share = Object.fromEntries(lawyerUsers.map((_, i) => [String(i), i === 0 ? 2 : 1]));
  // In the week's order, not the order the answers came back in, so one seed gives one story.
  const inOrder = [...cases].sort((a, b) => a.plan.seq - b.plan.seq);
  const planned = inOrder.map((record) => ({
    record,
    lawyer: Number(r.weighted(share)),
    ...planCasework(r, record),
  }));

  await inPool(planned, concurrency, async ({ record, lawyer, assign, steps }) => {
    let version = record.version;
    const path = `/v1/cases/${record.caseId}`;
    try {
      if (assign) {
        version = (
          await coordinator.expect<{ version: number }>({
            method: 'POST',
            path: `${path}/assignment`,
            body: { assigneeId: lawyerUsers[lawyer].id, expectedVersion: version },
          })
        ).version;
        done.assigned++;
      }
      for (const step of steps) {
        const request =
          step.who === 'lawyer'
            ? {
                session: lawyers[lawyer],
                path: `${path}/status`,
                body: { status: step.status, reason: 'demo casework', expectedVersion: version },
              }
            : {
                session: coordinator,
                path: `${path}/close`,
                body: { outcome: step.close, expectedVersion: version },
              };
        const answer = await request.session.call({ method: 'POST', path: request.path, body: request.body });
        if (answer.status === 409) {
          // Only a retried command whose first try did land can be stale here: stop this case.
          done.skipped++;
          return;
        }
        if (answer.status !== 200)
          throw new RequestFailed({ method: 'POST', path: request.path }, answer.status, answer.body);
        version = (answer.body as { version: number }).version;
        if (step.who === 'lawyer') done.statusChanges++;
        else {
          done.closed++;
          done.outcomes[step.close] = (done.outcomes[step.close] ?? 0) + 1;
        }
      }
    } catch (error) {
      failures.push(describe(error));
    }
  });

  // Each lawyer takes a few of the most urgent unclaimed tasks and does them. A few only: the
  // backlog below should still show what a week like this leaves undone.
  const perLawyer = Math.max(2, Math.min(6, Math.round(cases.length / 200)));
  try {
    const queue = await lawyers[0].expect<{ items: { id: string; kind: string }[] }>({
      method: 'GET',
      path: `/v1/tasks?assignee=none&status=open&limit=${Math.min(200, perLawyer * lawyers.length)}`,
    });
    const results: Record<string, string> = {
      contact_detainee: 'Reached the relatives; grounds of the detention checked.',
      file_appeal: 'Appeal against the ruling drafted and filed.',
      appeal_against_ruling: 'Appeal against the ruling drafted and filed.',
    };
    await inPool(queue.items, concurrency, async (task, i) => {
      const session = lawyers[i % lawyers.length];
      const claim = await session.call({ method: 'POST', path: `/v1/tasks/${task.id}/claim` });
      if (claim.status === 409) return;
      if (claim.status !== 200)
        throw new RequestFailed({ method: 'POST', path: '/v1/tasks/:id/claim' }, claim.status, claim.body);
      await session.expect({
        method: 'POST',
        path: `/v1/tasks/${task.id}/complete`,
        // A completion is done once: a retry after a lost answer must say it is the same request.
        headers: { 'Idempotency-Key': `complete-${task.id}` },
        body: { result: `${results[task.kind] ?? 'Done.'} (Synthetic demo note.)` },
      });
      done.tasksDone++;
    });
  } catch (error) {
    failures.push(describe(error));
  }
  done.ms = Date.now() - started;
  return done;
}

function weekRow(week: WeekPlan, day: number, cases: CaseRecord[]): string[] {
  const ofDay = cases.filter((c) => c.plan.day === day);
  const appeals = ofDay.filter((c) => c.plan.kind === 'appeal');
  const raid = ofDay.length - appeals.length;
  const by = (types: AppealType[]) => appeals.filter((c) => types.includes(c.appealType)).length;
  const detention = by(['detention']);
  const checks = by(['document_check']);
  const rulings = by(['expulsion_order', 'deportation']);
  return [
    `${weekday(week.days[day])} ${week.days[day]}${day === week.raidDay && raid ? ' (raid)' : ''}`,
    String(ofDay.length),
    String(detention),
    String(checks),
    String(rulings),
    String(raid),
    String(appeals.length - detention - checks - rulings),
  ];
}

function totalRow(rows: string[][]): string[] {
  return [
    'total',
    ...rows[0].slice(1).map((_, i) => String(rows.reduce((sum, row) => sum + Number(row[i + 1]), 0))),
  ];
}

function weekday(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'UTC' });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function retriesText(stats: RetryStats): string {
  if (stats.retries.size === 0) return 'none needed';
  return [...stats.retries.entries()].map(([reason, n]) => `${n} after ${reason}`).join(', ');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
