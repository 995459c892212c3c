import type { StoredEvent } from '@huquq/event-store';
import { CaseFacts, ReportBatch } from './report-batch';

const ORG = '00000000-0000-4000-8000-000000000001';
const CASE = '00000000-0000-4000-8000-0000000000c1';
let position = 0;

function event(
  streamId: string,
  version: number,
  type: string,
  data: unknown,
  at: string,
  role = 'intake',
): StoredEvent {
  position += 1;
  return {
    globalPosition: position,
    streamId,
    streamVersion: version,
    eventId: `e${position}`,
    type,
    schemaVersion: 1,
    data,
    metadata: { orgId: ORG, actorId: 'u', actorRole: role },
    orgId: ORG,
    recordedAt: new Date(at),
    transactionId: '1',
  };
}

const logged = (at: string) =>
  event(
    `case-${CASE}`,
    1,
    'appeal-logged',
    {
      caseId: CASE,
      caseNumber: '2024-000001',
      appealType: 'detention',
      channel: 'hotline',
      urgency: 'critical',
      nationality: 'TJ',
      incident: { region: ' Moscow Oblast ' },
    },
    at,
  );

/** The counters of one grain as "dimension key: opened/closed/reopened". */
function counters(batch: ReportBatch, grain: string) {
  return batch
    .changes()
    .counters.filter((c) => c.grain === grain)
    .map(
      (c) =>
        `${c.bucket.toISOString().slice(0, 13)} ${c.dimension} ${c.key}: ${c.opened}/${c.closed}/${c.reopened}`,
    )
    .sort();
}

describe('report batch: given events, then rows', () => {
  it('counts an appeal under the organization and each attribute, and its entry into "new"', () => {
    const batch = new ReportBatch();
    batch.apply(logged('2024-03-04T10:15:00Z'));
    expect(counters(batch, 'day')).toEqual([
      '2024-03-04T00 all : 1/0/0',
      '2024-03-04T00 appealType detention: 1/0/0',
      '2024-03-04T00 channel hotline: 1/0/0',
      '2024-03-04T00 nationality TJ: 1/0/0',
      '2024-03-04T00 region Moscow Oblast: 1/0/0',
      '2024-03-04T00 status new: 1/0/0',
    ]);
    // Hours for the whole organization only: the ends of ranges are read from the transitions.
    expect(counters(batch, 'hour')).toEqual(['2024-03-04T10 all : 1/0/0']);
    expect(batch.changes().transitions).toEqual([
      expect.objectContaining({
        kind: 'opened',
        version: 1,
        statusFrom: null,
        statusTo: 'new',
        region: 'Moscow Oblast',
      }),
    ]);
    expect(counters(batch, 'month')[0]).toBe('2024-03-01T00 all : 1/0/0');
    expect(batch.changes().facts[0]).toMatchObject({
      status: 'new',
      closedAt: null,
      region: 'Moscow Oblast',
    });
  });

  it('counts a closing, a reopening and a second closing where they happened', () => {
    const batch = new ReportBatch();
    batch.apply(logged('2024-03-04T10:00:00Z'));
    batch.apply(
      event(`case-${CASE}`, 2, 'case-closed', { outcome: 'released', from: 'new' }, '2024-03-05T12:00:00Z'),
    );
    batch.apply(event(`case-${CASE}`, 3, 'case-reopened', { reason: 'r' }, '2024-03-06T09:00:00Z'));
    batch.apply(
      event(
        `case-${CASE}`,
        4,
        'case-status-changed',
        { from: 'in_progress', to: 'closed' },
        '2024-03-07T15:00:00Z',
      ),
    );
    expect(counters(batch, 'day').filter((c) => / (all|status) /.test(c))).toEqual([
      '2024-03-04T00 all : 1/0/0',
      '2024-03-04T00 status new: 1/0/0',
      '2024-03-05T00 all : 0/1/0',
      '2024-03-05T00 status new: 0/1/0',
      '2024-03-06T00 all : 0/0/1',
      '2024-03-06T00 status in_progress: 1/0/0',
      '2024-03-07T00 all : 0/1/0',
      '2024-03-07T00 status in_progress: 0/1/0',
    ]);
    expect(batch.changes().facts[0]).toMatchObject({
      status: 'closed',
      closedAt: new Date('2024-03-07T15:00:00Z'),
      version: 4,
    });
  });

  it('changes nothing for an event it has already applied', () => {
    const stored: CaseFacts = {
      caseId: CASE,
      orgId: ORG,
      caseNumber: 'n',
      appealType: 'detention',
      channel: 'hotline',
      urgency: 'critical',
      nationality: 'TJ',
      region: '',
      status: 'closed',
      assigneeId: null,
      loggedAt: new Date('2024-03-04T10:00:00Z'),
      closedAt: new Date('2024-03-05T12:00:00Z'),
      firstContactAt: null,
      firstLawyerActionAt: null,
      version: 2,
    };
    const batch = new ReportBatch([stored]);
    batch.apply(logged('2024-03-04T10:00:00Z'));
    batch.apply(
      event(`case-${CASE}`, 2, 'case-closed', { outcome: 'released', from: 'new' }, '2024-03-05T12:00:00Z'),
    );
    expect(batch.changes()).toMatchObject({ facts: [], counters: [], openChanged: new Map() });
    batch.apply(event(`case-${CASE}`, 3, 'case-reopened', { reason: 'r' }, '2024-03-06T09:00:00Z'));
    expect(batch.changes().openChanged).toEqual(new Map([[CASE, true]]));
  });

  it('takes first contact from the first completed task that is not an escalation, and first lawyer action from any lawyer’s event', () => {
    const batch = new ReportBatch();
    batch.apply(logged('2024-03-04T10:00:00Z'));
    const task = (id: string, escalationOf: string | null) =>
      event(
        `task-${id}`,
        1,
        'task-created',
        {
          taskId: id,
          caseId: CASE,
          queue: 'lawyer',
          priority: 'high',
          dueAt: '2024-03-04T11:00:00Z',
          escalationOf,
        },
        '2024-03-04T10:00:01Z',
        'system',
      );
    batch.apply(task('t1', null));
    batch.apply(task('t2', 't1'));
    batch.apply(
      event(
        'task-t2',
        2,
        'task-completed',
        { taskId: 't2', userId: 'c' },
        '2024-03-04T10:20:00Z',
        'coordinator',
      ),
    );
    batch.apply(
      event(`case-${CASE}`, 2, 'note-added', { noteId: 'n', text: 'x' }, '2024-03-04T10:40:00Z', 'lawyer'),
    );
    batch.apply(
      event('task-t1', 2, 'task-completed', { taskId: 't1', userId: 'l' }, '2024-03-04T11:00:00Z', 'lawyer'),
    );
    const [facts] = batch.changes().facts;
    expect(facts.firstContactAt).toEqual(new Date('2024-03-04T11:00:00Z'));
    expect(facts.firstLawyerActionAt).toEqual(new Date('2024-03-04T10:40:00Z'));
    expect(batch.changes().deadlinesDoneByTask).toEqual(
      new Map([
        ['t2', new Date('2024-03-04T10:20:00Z')],
        ['t1', new Date('2024-03-04T11:00:00Z')],
      ]),
    );
  });
});
