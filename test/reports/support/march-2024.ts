import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BackdatedEvent,
  CaseHistory,
  insertBackdated,
  legalDeadline,
  TaskHistory,
} from '@huquq/reports/testing/backdated-history';
import type { Sql } from '@huquq/platform';

const at = (iso: string) => new Date(iso);

/**
 * A rule set with no rules: the follow-up worker then plans nothing, and every task and
 * deadline in these tests is one the test wrote, so each count is known exactly.
 */
export function noFollowUpRulesFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'huquq-reports-'));
  const file = join(dir, 'no-rules.json');
  writeFileSync(file, JSON.stringify({ clocks: [], appealRules: [], incidentRules: [] }));
  return file;
}

export interface March2024 {
  cases: Record<'c1' | 'c2' | 'c3' | 'c4' | 'c5' | 'c6' | 'c7' | 'c8', CaseHistory>;
  secondLawyerId: string;
}

export const ST_PETERSBURG = 'Saint Petersburg, "Kupchino"';

/**
 * Eight appeals around March 2024 (UTC), with closings, a reopening and status changes, plus
 * tasks and deadlines. decision 0011 works its expected counts out by hand; the tests assert them.
 *
 * c1 detention  hotline   TJ Moscow Oblast  logged 03-04 10:00, closed 03-05 12:00, reopened 03-06 09:00, closed 03-07 15:00
 * c2 eviction   messenger UZ Moscow         logged 03-04 22:30 (03-05 in Moscow), triaged 03-05 08:00 by a lawyer, in progress 03-06
 * c3 detention  walk_in   KG St Petersburg  logged 03-05 11:00, closed by status 03-05 20:00
 * c4 entry_ban  hotline   TJ (no region)    logged 03-11 00:00, assigned
 * c5 detention  hotline   TJ Moscow Oblast  logged 02-28 12:00, closed 03-04 09:00
 * c6 other      email     UZ Kazan          logged 04-02 (after March)
 * c7 other      email     UZ Kazan          logged 03-31 22:00 (04-01 01:00 in Moscow)
 * c8 other      email     UZ Kazan          logged 02-29 21:30 (03-01 00:30 in Moscow)
 */
export async function writeMarch2024(sql: Sql, orgId: string, lawyerId: string): Promise<March2024> {
  const secondLawyerId = randomUUID();
  const lawyer = { id: lawyerId, role: 'lawyer' };
  const coordinator = { role: 'coordinator' };
  const appeal = (
    n: number,
    appealType: string,
    channel: string,
    nationality: string | null,
    region: string | null,
    urgency: string,
    loggedAt: string,
  ) =>
    new CaseHistory({
      orgId,
      caseNumber: `2024-90000${n}`,
      appealType,
      channel,
      urgency,
      nationality,
      region,
      loggedAt: at(loggedAt),
    });

  const cases = {
    c1: appeal(1, 'detention', 'hotline', 'TJ', 'Moscow Oblast', 'critical', '2024-03-04T10:00:00Z')
      .assign(lawyerId, at('2024-03-04T10:30:00Z'))
      .close(at('2024-03-05T12:00:00Z'))
      .reopen(at('2024-03-06T09:00:00Z'))
      .deadline(at('2024-03-06T12:00:00Z'), at('2024-03-06T09:30:00Z'))
      .close(at('2024-03-07T15:00:00Z')),
    c2: appeal(2, 'eviction', 'messenger', 'UZ', 'Moscow', 'normal', '2024-03-04T22:30:00Z')
      .assign(lawyerId, at('2024-03-05T07:00:00Z'), coordinator)
      .moveTo('triaged', at('2024-03-05T08:00:00Z'), lawyer)
      .moveTo('in_progress', at('2024-03-06T10:00:00Z'), lawyer),
    c3: appeal(3, 'detention', 'walk_in', 'KG', ST_PETERSBURG, 'high', '2024-03-05T11:00:00Z').moveTo(
      'closed',
      at('2024-03-05T20:00:00Z'),
      coordinator,
    ),
    c4: appeal(4, 'entry_ban', 'hotline', 'TJ', null, 'low', '2024-03-11T00:00:00Z').assign(
      secondLawyerId,
      at('2024-03-11T09:00:00Z'),
    ),
    c5: appeal(5, 'detention', 'hotline', 'TJ', 'Moscow Oblast', 'critical', '2024-02-28T12:00:00Z').close(
      at('2024-03-04T09:00:00Z'),
    ),
    c6: appeal(6, 'other', 'email', 'UZ', 'Kazan', 'normal', '2024-04-02T08:00:00Z'),
    c7: appeal(7, 'other', 'email', 'UZ', 'Kazan ', 'normal', '2024-03-31T22:00:00Z')
      .deadline(at('2099-01-01T00:00:00Z'), at('2024-03-31T22:10:00Z'))
      .deadline(at('2024-04-01T00:00:00Z'), at('2024-03-31T22:20:00Z')),
    c8: appeal(8, 'other', 'email', 'UZ', 'Kazan', 'normal', '2024-02-29T21:30:00Z'),
  };

  // Tasks: c2's is overdue; c4's works a legal deadline, both overdue, and its escalation is
  // overdue in the coordinators' queue; c1's is overdue but its case is closed; c8's was done by
  // a lawyer two hours after intake; c3's by a coordinator after thirty minutes.
  const c2Task = new TaskHistory({
    orgId,
    caseId: cases.c2.caseId,
    dueAt: at('2024-03-05T22:30:00Z'),
    createdAt: at('2024-03-04T22:31:00Z'),
  });
  const c4Task = new TaskHistory({
    orgId,
    caseId: cases.c4.caseId,
    priority: 'low',
    dueAt: at('2024-03-20T00:00:00Z'),
    createdAt: at('2024-03-11T00:01:00Z'),
  });
  const c4Escalation = new TaskHistory({
    orgId,
    caseId: cases.c4.caseId,
    queue: 'coordinator',
    priority: 'normal',
    dueAt: at('2024-03-20T00:00:00Z'),
    createdAt: at('2024-03-20T00:00:00Z'),
    escalationOf: c4Task.taskId,
  });
  const c1Task = new TaskHistory({
    orgId,
    caseId: cases.c1.caseId,
    priority: 'critical',
    dueAt: at('2024-03-04T11:00:00Z'),
    createdAt: at('2024-03-04T10:01:00Z'),
  });
  const c8Task = new TaskHistory({
    orgId,
    caseId: cases.c8.caseId,
    dueAt: at('2024-03-01T21:30:00Z'),
    createdAt: at('2024-02-29T21:31:00Z'),
  })
    .claim(at('2024-02-29T23:00:00Z'), { id: lawyerId, role: 'lawyer' })
    .complete(at('2024-02-29T23:30:00Z'), { id: lawyerId, role: 'lawyer' });
  const c3Task = new TaskHistory({
    orgId,
    caseId: cases.c3.caseId,
    dueAt: at('2024-03-05T12:00:00Z'),
    createdAt: at('2024-03-05T11:01:00Z'),
  }).complete(at('2024-03-05T11:30:00Z'), { role: 'coordinator' });
  const c4Deadline = legalDeadline({
    orgId,
    caseId: cases.c4.caseId,
    taskId: c4Task.taskId,
    dueAt: at('2024-03-20T00:00:00Z'),
    setAt: at('2024-03-11T00:01:00Z'),
  });

  // Log order is not time order here (cases interleaved, newest first): counts must not care.
  // Follow-up streams come after the appeals they follow, as the worker writes them.
  await insertBackdated(sql, [
    ...interleave(Object.values(cases).map((c) => c.events)),
    ...interleave([c2Task, c4Task, c4Escalation, c1Task, c8Task, c3Task].map((t) => t.events)),
    c4Deadline,
  ]);
  return { cases, secondLawyerId };
}

/** Streams interleaved, last first, each stream's own events in version order (the store needs that). */
function interleave(streamsInOrder: BackdatedEvent[][]): BackdatedEvent[] {
  const streams = streamsInOrder.map((s) => [...s]).reverse();
  const out: BackdatedEvent[] = [];
  while (streams.some((s) => s.length)) for (const s of streams) if (s.length) out.push(s.shift()!);
  return out;
}
