import { randomUUID } from 'node:crypto';
import { EventStore, ProjectionRunner } from '@huquq/event-store';
import { BACKFILL_DELAY_HISTOGRAM } from '@huquq/platform/database/migrations/1732240150000-backlog-delay-histogram';
import { reportProjections } from '@huquq/reports';
import { periodMedians } from '@huquq/reports/backlog/period-medians';
import { delayBucket } from '@huquq/reports/shared/delay-buckets';
import {
  BackdatedEvent,
  CaseHistory,
  insertBackdated,
  TaskHistory,
} from '@huquq/reports/testing/backdated-history';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const DAY = 86_400_000;
const HOUR = 3_600_000;

// A fixed sequence: a failure names a history that can be written again.
let state = 1729;
function random(): number {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 4294967296;
}

/** The medians as the backlog computed them before the histogram: every case of the period sorted. */
const SORTED = `
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_contact_at - logged_at))
           FILTER (WHERE first_contact_at IS NOT NULL) AS contact_median,
         count(first_contact_at)::int AS contact_measured,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_lawyer_action_at - logged_at))
           FILTER (WHERE first_lawyer_action_at IS NOT NULL) AS lawyer_median,
         count(first_lawyer_action_at)::int AS lawyer_measured,
         count(*)::int AS cases
  FROM report_case_facts
  WHERE org_id = $1 AND logged_at >= $2 AND logged_at < $3`;

/** A delay of a few seconds to a few weeks, to the millisecond; now and then a round number or 0. */
function delay(): number {
  const r = random();
  if (r < 0.05) return 0;
  if (r < 0.1) return Math.round(random() * 20) * 60_000;
  return Math.round(Math.exp(random() * Math.log(30 * DAY)));
}

describe('backlog medians from the delay histogram', () => {
  let t: TestDatabase;
  const orgId = randomUUID();
  const otherOrgId = randomUUID();
  const start = Date.UTC(2024, 0, 20, 7);
  /** Answers that fell back to sorting every case: none may, or the comparison proves nothing. */
  const fallbacks = { sorted: 0 };

  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.query(`INSERT INTO organizations (id, name) VALUES ($1, 'Medians'), ($2, 'Other')`, [
      orgId,
      otherOrgId,
    ]);
    const events: BackdatedEvent[] = [];
    const late: BackdatedEvent[] = [];
    for (let n = 0; n < 700; n++) {
      const org = n % 10 === 9 ? otherOrgId : orgId;
      const loggedAt = new Date(start + Math.round(random() * 100 * DAY));
      const c = new CaseHistory({
        orgId: org,
        caseNumber: `2024-${n}`,
        appealType: 'detention',
        channel: 'hotline',
        urgency: 'normal',
        nationality: null,
        region: null,
        loggedAt,
      });
      events.push(...c.events);
      if (random() < 0.7) {
        const lawyer = { id: randomUUID(), role: 'lawyer' };
        const at = new Date(loggedAt.getTime() + delay());
        events.push(...c.assign(lawyer.id, at, lawyer).events.slice(-1));
      }
      // One or two contact tasks; the second done earlier than the first is logged later, so the
      // case's first contact moves to an earlier bucket (and sometimes before the appeal: a clock).
      const tasks = random() < 0.75 ? (random() < 0.3 ? 2 : 1) : 0;
      const done: number[] = [];
      for (let i = 0; i < tasks; i++) {
        const task = new TaskHistory({
          orgId: org,
          caseId: c.caseId,
          dueAt: new Date(loggedAt.getTime() + DAY),
          createdAt: new Date(loggedAt.getTime() + 1000),
        });
        const skew = random() < 0.02 ? -Math.round(random() * HOUR) : 0;
        const at =
          done.length > 0 ? done[0] - Math.round(random() * done[0] * 0.1) : loggedAt.getTime() + delay();
        done.push(at);
        (i === 0 ? events : late).push(...task.complete(new Date(at + skew), { role: 'coordinator' }).events);
      }
    }
    // In the order they were written (second tasks last); each stream's events stay in their order.
    events.push(...late);
    for (let i = 0; i < events.length; i += 500) await insertBackdated(t.db, events.slice(i, i + 500));
    // Small pages: a case's first contact moves in a later page than its first one.
    const runner = new ProjectionRunner(t.db, new EventStore(t.db), null, reportProjections(), {
      batchSize: 37,
      onError: (name, error) => console.error(name, error),
    });
    await runner.catchUp();
  });
  afterAll(() => t.drop());

  async function both(from: Date, to: Date) {
    const { rows } = await t.db.query(SORTED, [orgId, from.toISOString(), to.toISOString()]);
    const r = rows[0];
    const old = (value: number | null, measured: number) => ({
      medianSeconds: value === null ? null : Math.round(Number(value)),
      measured,
      waiting: r.cases - measured,
    });
    return {
      histogram: await periodMedians(t.db, orgId, from, to, fallbacks),
      sorted: {
        contact: old(r.contact_median, r.contact_measured),
        lawyer: old(r.lawyer_median, r.lawyer_measured),
      },
    };
  }

  it('answers exactly what sorting every case of the period answers, for any whole-hour period', async () => {
    let compared = 0;
    for (let i = 0; i < 150; i++) {
      // Whole hours (as the period parser demands), from a few hours to the whole history.
      const from = new Date(start - 2 * DAY + Math.floor(random() * 110 * 24) * HOUR);
      const hours = random() < 0.3 ? Math.ceil(random() * 48) : Math.ceil(random() * 110 * 24);
      const { histogram, sorted } = await both(from, new Date(from.getTime() + hours * HOUR));
      expect({ from, hours, medians: histogram }).toEqual({ from, hours, medians: sorted });
      if (sorted.contact.measured > 1) compared += 1;
    }
    // Not a comparison of empty periods only, nor of the fallback with itself.
    expect(compared).toBeGreaterThan(100);
    expect(fallbacks.sorted).toBe(0);
  });

  it('answers the same for whole UTC months and days, an even and an odd count of cases', async () => {
    const periods = [
      [Date.UTC(2024, 1, 1), Date.UTC(2024, 2, 1)],
      [Date.UTC(2024, 0, 1), Date.UTC(2024, 5, 1)],
      [Date.UTC(2024, 1, 10), Date.UTC(2024, 1, 11)],
      [Date.UTC(2024, 1, 10), Date.UTC(2024, 1, 12)],
      [Date.UTC(2023, 0, 1), Date.UTC(2023, 1, 1)],
    ];
    const parities = new Set<number>();
    for (const [from, to] of periods) {
      const { histogram, sorted } = await both(new Date(from), new Date(to));
      expect(histogram).toEqual(sorted);
      parities.add(sorted.contact.measured % 2);
    }
    expect(parities).toEqual(new Set([0, 1]));
    expect(fallbacks.sorted).toBe(0);
  });

  it('keeps the histogram equal to the facts it counts (what the migration fills in)', async () => {
    const rows = 'SELECT * FROM report_delay_histogram ORDER BY report_delay_histogram::text';
    const kept = (await t.db.query(rows)).rows;
    expect(kept.every((row) => row.cases > 0)).toBe(true);
    const refilled = await t.db
      .transaction(async (tx) => {
        await tx.query('DELETE FROM report_delay_histogram');
        await tx.query(BACKFILL_DELAY_HISTOGRAM);
        // Thrown to roll the refill back: the table stays as the projection wrote it.
        throw Object.assign(new Error('roll back'), { rows: (await tx.query(rows)).rows });
      })
      .catch((error: { rows?: unknown[] }) => error.rows);
    expect(refilled).toEqual(kept);
    expect((await t.db.query(rows)).rows).toEqual(kept);
  });

  it('buckets a delay in PostgreSQL as in TypeScript, at every edge', async () => {
    const seconds = [
      0, 0.001, 0.999, 1, 9.999, 99, 99.999, 100, 109.999, 110, 999.999, 1000, 9999.5, 10000, -0.001, -5000,
    ];
    for (let i = 0; i < 300; i++) seconds.push(Math.round(random() * 10 ** (2 + random() * 6)) / 1000);
    for (let i = 0; i < 300; i++) seconds.push(Math.round(random() * 10 ** (2 + random() * 7)));
    const { rows } = await t.db.query<{ bucket: string }>(
      'SELECT huquq_delay_bucket(s)::text AS bucket FROM unnest($1::numeric[]) WITH ORDINALITY AS x(s, i) ORDER BY i',
      [seconds.map(String)],
    );
    expect(rows.map((r) => Number(r.bucket))).toEqual(seconds.map((s) => delayBucket(s)));
  });
});
