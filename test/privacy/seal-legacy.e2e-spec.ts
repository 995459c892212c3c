import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import {
  EventStore,
  IntegrityChecker,
  NewEvent,
  ProjectionRunner,
  verifyIntegrityCommand,
} from '@huquq/event-store';
import { createLogger } from '@huquq/platform';
import { EnvelopeProtector, keyStoreFromConfig } from '@huquq/privacy';
import {
  allProjections,
  BackgroundWork,
  createApi,
  FREE_TEXT_SEALED,
  sealLegacyFreeText,
  SealLegacyResult,
} from '@huquq/runtime';
import { runCommand } from '../../apps/cli/src/commands';
import { bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

/**
 * Free text that older versions stored in plaintext (reasons, deadline kinds and bases, an
 * appeal's or a raid's city, place and free-text region, a raid's kind) is resealed in the log
 * by `privacy:seal-legacy`, and at every start: written here as the old code wrote it, with a
 * canary in each value, then migrated. Nothing of it may rest in plaintext afterwards, the API
 * must still show it, every chain must verify, the log must say what was done, and an erased
 * person's old plaintext must be gone, not sealed.
 */
describe('resealing legacy free text', () => {
  let t: TestApp;
  let org: TestOrg;
  let store: EventStore;
  let protector: EnvelopeProtector;
  const tag = randomBytes(4).toString('hex');
  const canaries: string[] = [];
  const canary = (name: string) => {
    const value = `canary-${name}-${tag}`;
    canaries.push(value);
    return value;
  };
  const as = (role: keyof TestOrg['users']) => bearer(org.users[role].token);

  const dump = () =>
    execFileSync('pg_dump', ['--no-owner', t.config.DATABASE_URL], {
      maxBuffer: 256 * 1024 * 1024,
    }).toString();
  const plaintextIn = (text: string) => canaries.filter((value) => text.includes(value));

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
    store = new EventStore(t.db);
    protector = new EnvelopeProtector(keyStoreFromConfig(t.keyring, t.config, { cacheTtlMs: 0 }));
  });
  afterAll(() => t.close());

  /** A client and their case, appended together as intake did before free text was sealed. */
  async function legacyAppeal(incident: {
    region: string | null;
    city: string | null;
    location: string | null;
  }) {
    const clientId = randomUUID();
    const caseId = randomUUID();
    const client = { orgId: org.id, subjectId: clientId };
    const metadata = { actorId: org.users.intake.id, actorRole: 'intake', orgId: org.id };
    await store.appendMany([
      {
        streamId: `client-${clientId}`,
        expectedVersion: 0,
        orgId: org.id,
        events: [
          {
            type: 'client-registered',
            data: {
              clientId,
              personal: {
                fullName: await protector.seal(client, 'fullName', 'Legacyov Olim'),
                phone: null,
                passportNumber: await protector.seal(client, 'passportNumber', '400000001'),
                dateOfBirth: null,
              },
              nationality: 'TJ',
              language: 'tg',
              matchKeys: await protector.seal(client, 'matchKeys', '[]'),
            },
            metadata,
          },
        ],
      },
      {
        streamId: `case-${caseId}`,
        expectedVersion: 0,
        orgId: org.id,
        events: [
          {
            type: 'appeal-logged',
            data: {
              caseId,
              caseNumber: `2023-${randomBytes(3).toString('hex')}`,
              clientId,
              appealType: 'detention',
              channel: 'hotline',
              urgency: 'critical',
              receivedAt: '2023-11-02T10:05:00+03:00',
              nationality: 'TJ',
              language: 'tg',
              // No regionText: the region was the caller's words; description was sealed already.
              incident: {
                occurredAt: '2023-11-02T09:30:00+03:00',
                ...incident,
                description: await protector.seal(client, 'incident.description', 'Detained at the market'),
              },
              decisionReceivedAt: null,
              incidentId: null,
              possibleDuplicates: [],
              loggedAt: '2023-11-02T10:06:00+03:00',
            },
            metadata,
          },
        ],
      },
    ]);
    return { caseId, clientId, metadata };
  }

  async function appendToCase(caseId: string, expectedVersion: number, events: NewEvent[]) {
    const metadata = { actorId: org.users.lawyer.id, actorRole: 'lawyer', orgId: org.id };
    await store.append(
      `case-${caseId}`,
      expectedVersion,
      events.map((e) => ({ ...e, metadata })),
      { orgId: org.id },
    );
  }

  const heads = async (streamIds: string[]) => {
    const checker = new IntegrityChecker(t.db);
    const result: Record<string, { valid: boolean; headHash: string | null }> = {};
    for (const id of streamIds) {
      const { valid, headHash } = await checker.verifyStream(id);
      result[id] = { valid, headHash };
    }
    return result;
  };

  /** Events of every stream but the follow-ups' (tasks and deadlines the worker adds meanwhile). */
  const eventCount = async () =>
    Number(
      (await t.db.query(`SELECT count(*) AS n FROM events WHERE stream_id !~ '^(task|legal-deadline)-'`))
        .rows[0].n,
    );

  const legacy = {
    region: '',
    city: '',
    location: '',
    statusReason: '',
    deadlineKind: '',
    deadlineBasis: '',
    reopenReason: '',
    incidentKind: '',
    incidentRegion: '',
    incidentCity: '',
    incidentLocation: '',
  };
  let alive: { caseId: string; clientId: string };
  let coded: { caseId: string };
  let erased: { caseId: string; clientId: string };
  let incidentId: string;
  let deadlineId: string;
  let streams: string[];
  let headsBefore: Awaited<ReturnType<typeof heads>>;
  let first: SealLegacyResult;

  it('finds the old plaintext in the log and in the views built from it', async () => {
    legacy.region = `Kotelniki, промзона ${canary('region')}`;
    legacy.city = canary('city');
    legacy.location = canary('location');
    legacy.statusReason = canary('status-reason');
    legacy.deadlineKind = canary('deadline-kind');
    legacy.deadlineBasis = canary('deadline-basis');
    legacy.reopenReason = canary('reopen-reason');
    alive = await legacyAppeal({ region: legacy.region, city: legacy.city, location: legacy.location });
    deadlineId = randomUUID();
    await appendToCase(alive.caseId, 1, [
      { type: 'case-status-changed', data: { from: 'new', to: 'triaged', reason: legacy.statusReason } },
      {
        type: 'deadline-set',
        data: {
          deadlineId,
          kind: legacy.deadlineKind,
          dueAt: '2023-11-12T18:00:00.000Z',
          basis: legacy.deadlineBasis,
        },
      },
      { type: 'case-closed', data: { outcome: 'released', from: 'triaged' } },
      { type: 'case-reopened', data: { reason: legacy.reopenReason } },
    ]);

    // A region that maps to a code: nothing of the caller's words needs keeping.
    coded = await legacyAppeal({ region: 'Московская область', city: null, location: null });
    await appendToCase(coded.caseId, 1, [
      { type: 'case-status-changed', data: { from: 'new', to: 'triaged', reason: null } },
    ]);

    // A person erased later: their plaintext can no longer be sealed under their key.
    erased = await legacyAppeal({
      region: canary('erased-region'),
      city: canary('erased-city'),
      location: null,
    });
    await appendToCase(erased.caseId, 1, [
      { type: 'case-status-changed', data: { from: 'new', to: 'triaged', reason: canary('erased-reason') } },
    ]);

    incidentId = randomUUID();
    legacy.incidentKind = canary('incident-kind');
    legacy.incidentRegion = `у метро ${canary('incident-region')}`;
    legacy.incidentCity = canary('incident-city');
    legacy.incidentLocation = canary('incident-location');
    await store.append(
      `incident-${incidentId}`,
      0,
      [
        {
          type: 'incident-reported',
          data: {
            incidentId,
            kind: legacy.incidentKind,
            appealType: 'workplace_raid',
            channel: 'hotline',
            occurredAt: '2023-11-03T05:00:00+03:00',
            region: legacy.incidentRegion,
            city: legacy.incidentCity,
            location: legacy.incidentLocation,
            description: await protector.seal(
              { orgId: org.id, subjectId: incidentId },
              'incident.description',
              'Dawn raid on the dormitory',
            ),
            caseIds: [],
            reportedAt: '2023-11-03T06:00:00.000Z',
          },
          metadata: { actorId: org.users.intake.id, actorRole: 'intake', orgId: org.id },
        },
      ],
      { orgId: org.id },
    );
    streams = [
      `case-${alive.caseId}`,
      `case-${coded.caseId}`,
      `case-${erased.caseId}`,
      `incident-${incidentId}`,
    ];

    // The views as the old code left them: built from the plaintext.
    await runCommand(t.config, ['projections:rebuild']);
    await t.http.delete(`/v1/clients/${erased.clientId}/personal-data`).set(as('admin')).expect(204);

    expect(plaintextIn(dump()).sort()).toEqual([...canaries].sort());
    // Read as the intake worker who logged them today: need-to-know shows them the person (decision 0095).
    const view = await t.http.get(`/v1/cases/${alive.caseId}`).set(as('intake')).expect(200);
    expect(view.body.incident.region).toBe(legacy.region);
    headsBefore = await heads(streams);
    expect(Object.values(headsBefore).every((h) => h.valid)).toBe(true);
  });

  it('reseals it: no canary in a dump of the database, in its output or in the logs', async () => {
    const eventsBefore = await eventCount();
    first = (await runCommand(t.config, ['privacy:seal-legacy'])) as SealLegacyResult;
    expect(plaintextIn(dump())).toEqual([]);
    expect(first).toEqual({
      alreadyRunning: false,
      streams: 4,
      // alive: appeal, status, deadline, reopen; coded: appeal; erased: appeal, status; the raid
      events: 8,
      // alive: region remainder, city, location, reason, kind, basis, reopen reason; the raid: 4
      sealed: 11,
      regions: 4,
      // the erased person's region remainder, city and reason
      erased: 3,
      skipped: [],
      recorded: 1,
      rebuilt: ['case-views', 'case-history', 'reports'],
      interrupted: false,
    });
    // The records are the only events added: resealed, then views rebuilt.
    expect(await eventCount()).toBe(eventsBefore + 2);
    expect(plaintextIn(JSON.stringify(first))).toEqual([]);
    expect(plaintextIn(t.logs())).toEqual([]);
  });

  it('keeps the log and its chains whole: every stream verifies, the heads moved', async () => {
    const whole = await verifyIntegrityCommand(t.db);
    expect(whole).toMatchObject({ valid: true, badStreams: 0 });
    const after = await heads(streams);
    for (const id of streams) {
      expect([id, after[id].valid]).toEqual([id, true]);
      expect(after[id].headHash).not.toBe(headsBefore[id].headHash);
    }
    // The client streams were sealed already: untouched.
    const client = await new IntegrityChecker(t.db).verifyStream(`client-${alive.clientId}`);
    expect(client.valid).toBe(true);
  });

  it('records what was done in the organization’s log: streams, counts and heads, nothing personal', async () => {
    const { rows } = await t.db.query<{
      type: string;
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
      org_id: string;
    }>('SELECT type, data, metadata, org_id FROM events WHERE stream_id = $1 ORDER BY stream_version', [
      `maintenance-${org.id}`,
    ]);
    expect(rows.map((r) => r.type)).toEqual([FREE_TEXT_SEALED, 'free-text-views-rebuilt']);
    const [recorded, rebuilt] = rows;
    expect(rebuilt.data).toEqual({
      by: 'privacy:seal-legacy',
      run: recorded.data.run,
      views: ['case-views', 'case-history', 'reports'],
    });
    expect(recorded.org_id).toBe(org.id);
    expect(recorded.metadata).toMatchObject({ system: 'privacy:seal-legacy', orgId: org.id });
    expect(plaintextIn(JSON.stringify(recorded))).toEqual([]);
    const after = await heads(streams);
    expect(recorded.data).toMatchObject({
      by: 'privacy:seal-legacy',
      streamIds: [...streams].sort(),
      rewritten: 8,
      sealed: 11,
      regions: 4,
      erased: 3,
      fields: [
        'deadline.basis',
        'deadline.kind',
        'incident.city',
        'incident.kind',
        'incident.location',
        'incident.region',
        'reopen.reason',
        'status.reason',
      ],
    });
    const recordedHeads = recorded.data.heads as {
      streamId: string;
      versions: number[];
      before: { version: number; hash: string };
      after: { version: number; hash: string };
    }[];
    for (const id of streams) {
      const head = recordedHeads.find((h) => h.streamId === id)!;
      expect(head.before.hash).toBe(headsBefore[id].headHash);
      expect(head.after.hash).toBe(after[id].headHash);
    }
    expect(recordedHeads.find((h) => h.streamId === `case-${alive.caseId}`)!.versions).toEqual([1, 2, 3, 5]);
  });

  it('shows the opened values through the API, the region as a code and the rest of the words', async () => {
    const view = await t.http.get(`/v1/cases/${alive.caseId}`).set(as('intake')).expect(200);
    expect(view.body.incident).toMatchObject({
      region: 'other',
      regionText: legacy.region,
      city: legacy.city,
      location: legacy.location,
      description: 'Detained at the market',
    });
    expect(view.body.deadlines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ deadlineId, kind: legacy.deadlineKind, basis: legacy.deadlineBasis }),
      ]),
    );
    expect(view.body.status).toBe('in_progress');
    const history = await t.http.get(`/v1/cases/${alive.caseId}/history`).set(as('intake')).expect(200);
    const byType = (type: string) =>
      history.body.events.find((e: { type: string }) => e.type === type).data as Record<string, unknown>;
    expect(byType('appeal-logged').incident).toMatchObject({
      region: 'other',
      regionText: legacy.region,
      city: legacy.city,
    });
    expect(byType('case-status-changed').reason).toBe(legacy.statusReason);
    expect(byType('deadline-set')).toMatchObject({ kind: legacy.deadlineKind, basis: legacy.deadlineBasis });
    expect(byType('case-reopened').reason).toBe(legacy.reopenReason);

    const codedView = await t.http.get(`/v1/cases/${coded.caseId}`).set(as('intake')).expect(200);
    expect(codedView.body.incident).toMatchObject({ region: 'RU-MOS', regionText: null, city: null });

    // Raw, the log holds codes and ciphertext only; the raid's words open under its own key.
    const raid = (
      await t.db.query('SELECT data FROM events WHERE stream_id = $1', [`incident-${incidentId}`])
    ).rows[0].data;
    expect(raid.region).toBe('other');
    const subject = { orgId: org.id, subjectId: incidentId };
    for (const [field, path, value] of [
      ['incident.kind', 'kind', legacy.incidentKind],
      ['incident.region', 'regionText', legacy.incidentRegion],
      ['incident.city', 'city', legacy.incidentCity],
      ['incident.location', 'location', legacy.incidentLocation],
    ]) {
      expect(raid[path]).toMatch(/^pd1\./);
      expect(await protector.open(subject, field, raid[path])).toBe(value);
    }

    // The reports count the code, not the words.
    const rows = await t.db.query('SELECT DISTINCT region FROM report_case_facts WHERE org_id = $1', [
      org.id,
    ]);
    expect(rows.rows.map((r) => r.region).sort()).toEqual(['RU-MOS', 'other']);
  });

  it("replaces an erased person's old plaintext with null", async () => {
    const { rows } = await t.db.query<{ type: string; data: Record<string, any> }>(
      'SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version',
      [`case-${erased.caseId}`],
    );
    expect(rows[0].data.incident).toMatchObject({
      region: 'other',
      regionText: null,
      city: null,
      location: null,
    });
    expect(rows[0].data.incident.description).toMatch(/^pd1\./);
    expect(rows[1].data).toEqual({ from: 'new', to: 'triaged', reason: null });
    const view = await t.http.get(`/v1/cases/${erased.caseId}`).set(as('intake')).expect(200);
    expect(view.body.client.erased).toBe(true);
    expect(view.body.incident).toMatchObject({
      region: 'other',
      regionText: null,
      city: null,
      description: null,
    });
  });

  it('changes nothing when run again', async () => {
    const eventsBefore = await eventCount();
    const before = await heads([...streams, `maintenance-${org.id}`]);
    const again = (await runCommand(t.config, ['privacy:seal-legacy'])) as SealLegacyResult;
    expect(again).toMatchObject({
      streams: 0,
      events: 0,
      sealed: 0,
      regions: 0,
      erased: 0,
      recorded: 0,
      rebuilt: [],
    });
    expect(await eventCount()).toBe(eventsBefore);
    expect(await heads([...streams, `maintenance-${org.id}`])).toEqual(before);
  });

  it('runs by itself when the service starts, logging counts only', async () => {
    const later = await legacyAppeal({
      region: canary('late-region'),
      city: canary('late-city'),
      location: null,
    });
    let logged = '';
    const sink = new PassThrough();
    sink.on('data', (chunk) => (logged += chunk.toString()));
    // A second instance of the service on the same database, as after an upgrade.
    const { app } = await createApi(t.config, createLogger('info', sink));
    try {
      await app.init();
      await app.get(BackgroundWork, { strict: false }).legacySealed();
    } finally {
      await app.close();
    }
    // On failure, the lines about it show what happened instead.
    const lines = logged.split('\n').filter((l) => l.includes('legacy free text'));
    expect(lines).toEqual([expect.stringContaining('legacy free text resealed')]);
    expect(JSON.parse(lines[0]).sealLegacy).toMatchObject({
      streams: 1,
      events: 1,
      sealed: 2,
      regions: 1,
      skipped: 0,
    });
    expect(plaintextIn(logged)).toEqual([]);
    const { rows } = await t.db.query(
      'SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version',
      [`maintenance-${org.id}`],
    );
    expect(rows.map((r) => r.type)).toEqual([
      FREE_TEXT_SEALED,
      'free-text-views-rebuilt',
      FREE_TEXT_SEALED,
      'free-text-views-rebuilt',
    ]);
    expect(rows[2].data.streamIds).toEqual([`case-${later.caseId}`]);
    expect(plaintextIn(dump())).toEqual([]);
    expect((await verifyIntegrityCommand(t.db)).valid).toBe(true);
    const view = await t.http.get(`/v1/cases/${later.caseId}`).set(as('intake')).expect(200);
    expect(view.body.incident).toMatchObject({ region: 'other', city: `canary-late-city-${tag}` });
  });

  it('rebuilds the views at the next run when a run stopped before rebuilding them', async () => {
    const stopped = await legacyAppeal({ region: null, city: canary('stopped-city'), location: null });
    await runCommand(t.config, ['projections:rebuild']);
    const history = async () =>
      JSON.stringify(
        (await t.db.query('SELECT data FROM case_history WHERE case_id = $1', [stopped.caseId])).rows,
      );
    expect(await history()).toContain(`canary-stopped-city-${tag}`);

    // Stopped (the service shutting down) after resealing, before the rebuild.
    const runProtector = new EnvelopeProtector(keyStoreFromConfig(t.keyring, t.config));
    const runner = new ProjectionRunner(t.db, store, null, allProjections(runProtector));
    let asked = 0;
    const interrupted = await sealLegacyFreeText({
      db: t.db,
      store,
      protector: runProtector,
      runner,
      shouldStop: () => asked++ > 0,
    });
    expect(interrupted).toMatchObject({ events: 1, sealed: 1, rebuilt: [], interrupted: true });
    expect(await history()).toContain(`canary-stopped-city-${tag}`);

    const next = (await runCommand(t.config, ['privacy:seal-legacy'])) as SealLegacyResult;
    expect(next).toMatchObject({ events: 0, rebuilt: ['case-views', 'case-history', 'reports'] });
    expect(await history()).not.toContain(`canary-stopped-city-${tag}`);
    expect(plaintextIn(dump())).toEqual([]);
    const again = (await runCommand(t.config, ['privacy:seal-legacy'])) as SealLegacyResult;
    expect(again).toMatchObject({ events: 0, rebuilt: [] });
  });

  // Last: it leaves a broken chain behind on purpose.
  it('leaves a stream whose chain is already broken as it is, rather than re-hash over the damage', async () => {
    const tampered = await legacyAppeal({ region: null, city: canary('tampered-city'), location: null });
    const streamId = `case-${tampered.caseId}`;
    // Someone with the owner's rights edited the event behind the app's back.
    await t.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE events DISABLE TRIGGER events_no_update_or_delete');
      await tx.query(
        `UPDATE events SET data = jsonb_set(data, '{channel}', '"walk_in"') WHERE stream_id = $1`,
        [streamId],
      );
      await tx.query('ALTER TABLE events ENABLE TRIGGER events_no_update_or_delete');
    });
    const broken = await new IntegrityChecker(t.db).verifyStream(streamId);
    expect(broken.valid).toBe(false);
    const dataBefore = (await t.db.query('SELECT data FROM events WHERE stream_id = $1', [streamId])).rows;

    const result = (await runCommand(t.config, ['privacy:seal-legacy'])) as SealLegacyResult;
    expect(result).toMatchObject({ streams: 0, events: 0, recorded: 0, rebuilt: [] });
    expect(result.skipped).toEqual([{ streamId, reason: 'chain-invalid' }]);
    expect((await t.db.query('SELECT data FROM events WHERE stream_id = $1', [streamId])).rows).toEqual(
      dataBefore,
    );
    expect(await new IntegrityChecker(t.db).verifyStream(streamId)).toEqual(broken);
  });
});
