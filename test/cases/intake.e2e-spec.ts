import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// Only what intake writes: follow-up work for earlier appeals keeps appending meanwhile.
const INTAKE_EVENTS = `SELECT count(*)::int AS n FROM events
  WHERE type IN ('appeal-logged', 'client-registered', 'incident-reported')`;

describe('intake over HTTP', () => {
  let t: TestApp;
  let org: TestOrg;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
    token = org.users.intake.token;
  });
  afterAll(() => t.close());

  it('logs an appeal and the case is readable at once, with its history', async () => {
    const created = await t.http.post('/v1/appeals').set(bearer(token)).send(appealBody()).expect(201);
    expect(created.body).toEqual({
      caseId: expect.any(String),
      caseNumber: expect.stringMatching(/^\d{4}-\d{6}$/),
      clientId: expect.any(String),
      status: 'new',
      version: 1,
      possibleDuplicates: [],
    });

    const read = await t.http.get(`/v1/cases/${created.body.caseId}`).set(bearer(token)).expect(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.headers['cache-control']).toBe('no-store');
    expect(read.body).toMatchObject({
      id: created.body.caseId,
      caseNumber: created.body.caseNumber,
      orgId: org.id,
      appealType: 'detention',
      status: 'new',
      urgency: 'critical',
      assigneeId: null,
      client: {
        id: created.body.clientId,
        fullName: 'Рахимов Фаррух',
        nationality: 'TJ',
        phone: '+79161234567',
        passportNumber: '400123456',
        dateOfBirth: '1995-04-02',
        erased: false,
      },
      incident: {
        region: 'RU-MOS',
        city: 'Kotelniki',
        description: 'Detained at the dormitory during a raid',
      },
      deadlines: [],
      version: 1,
      closedAt: null,
      outcome: null,
    });

    const history = await t.http
      .get(`/v1/cases/${created.body.caseId}/history`)
      .set(bearer(token))
      .expect(200);
    expect(history.body.events).toEqual([
      expect.objectContaining({
        version: 1,
        type: 'appeal-logged',
        actorId: org.users.intake.id,
        position: expect.any(Number),
      }),
    ]);
  });

  it('shows the follow-up work of an expulsion ruling beside the case', async () => {
    const body = appealBody({
      appealType: 'expulsion_order',
      decisionReceivedAt: '2024-03-29T15:00:00+03:00',
    });
    const created = await t.http.post('/v1/appeals').set(bearer(token)).send(body).expect(201);
    const view = await waitFor(
      async () => {
        const res = await t.http.get(`/v1/cases/${created.body.caseId}`).set(bearer(token)).expect(200);
        return res.body.openTasks.length && res.body.deadlines.length ? res.body : null;
      },
      { what: 'the follow-up task and deadline in the case view' },
    );
    expect(view.version).toBe(1);
    // Day 10 after Friday 29.03.2024 is Monday 08.04: the term ends there at 24:00 Moscow time.
    expect(view.deadlines).toEqual([
      expect.objectContaining({
        dueAt: '2024-04-08T21:00:00.000Z',
        source: 'rule',
        basis: expect.stringContaining('30.3'),
        confidence: 'confirmed',
        lastChecked: '2026-12-01',
      }),
    ]);
    expect(view.openTasks).toEqual([
      expect.objectContaining({ caseId: created.body.caseId, status: 'open', basis: expect.any(String) }),
    ]);
  });

  it.each(['mvd_expulsion', 'controlled_persons_registry'])(
    'accepts the 2025 appeal type %s, with a KAS 219 challenge deadline',
    async (appealType) => {
      const body = appealBody({
        appealType,
        urgency: undefined,
        decisionReceivedAt: '2025-02-10T12:00:00+03:00',
      });
      const created = await t.http.post('/v1/appeals').set(bearer(token)).send(body).expect(201);
      const view = await waitFor(
        async () => {
          const res = await t.http.get(`/v1/cases/${created.body.caseId}`).set(bearer(token)).expect(200);
          return res.body.deadlines.length ? res.body : null;
        },
        { what: 'the KAS 219 deadline in the case view' },
      );
      expect(view.appealType).toBe(appealType);
      expect(view.deadlines).toEqual([
        expect.objectContaining({
          kind: 'court_challenge',
          dueAt: '2025-05-12T21:00:00.000Z',
          lastDay: '2025-05-12',
        }),
      ]);
    },
  );

  it('defaults the urgency from the appeal type', async () => {
    const body = appealBody({ appealType: 'eviction', urgency: undefined });
    const created = await t.http.post('/v1/appeals').set(bearer(token)).send(body).expect(201);
    const read = await t.http.get(`/v1/cases/${created.body.caseId}`).set(bearer(token)).expect(200);
    expect(read.body.urgency).toBe('high');
  });

  it('answers a retried request with the first answer and records nothing new', async () => {
    const key = `retry-${Date.now()}`;
    const body = appealBody({ client: { fullName: 'Juraev Sherzod', nationality: 'UZ' } });
    const first = await t.http
      .post('/v1/appeals')
      .set(bearer(token))
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    const again = await Promise.all(
      [1, 2, 3].map(() =>
        t.http.post('/v1/appeals').set(bearer(token)).set('Idempotency-Key', key).send(body),
      ),
    );
    for (const res of again) {
      expect(res.status).toBe(201);
      expect(res.body).toEqual(first.body);
    }
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [
      `case-${first.body.caseId}`,
    ]);
    expect(rows[0].n).toBe(1);

    const other = await t.http
      .post('/v1/appeals')
      .set(bearer(token))
      .set('Idempotency-Key', key)
      .send({ ...body, channel: 'messenger' })
      .expect(422);
    expect(other.body.error).toBe('rule_violation');
  });

  it('lists every bad field, not just the first', async () => {
    const res = await t.http
      .post('/v1/appeals')
      .set(bearer(token))
      .send({
        appealType: 'arrest',
        receivedAt: '2024-03-29 10:05',
        client: { nationality: 'Tajikistan', phone: 'call me' },
        incident: {},
        surprise: true,
      })
      .expect(400);
    expect(res.body.error).toBe('validation_failed');
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'appealType',
        'channel',
        'receivedAt',
        'client.fullName',
        'client.nationality',
        'client.phone',
        'incident.description',
        'surprise',
      ]),
    );
    expect(JSON.stringify(res.body)).not.toContain('call me');
  });

  it('refuses bad JSON and oversized bodies with the error shape', async () => {
    const bad = await t.http
      .post('/v1/appeals')
      .set(bearer(token))
      .set('Content-Type', 'application/json')
      .send('{"appealType": ')
      .expect(400);
    expect(bad.body).toMatchObject({ error: 'validation_failed' });

    const huge = appealBody({ incident: { description: 'x'.repeat(300 * 1024) } });
    const big = await t.http.post('/v1/appeals').set(bearer(token)).send(huge).expect(413);
    expect(big.body).toEqual({ error: 'payload_too_large', message: expect.any(String), details: [] });
  });

  it('finds a returning person across Cyrillic and Latin spellings, and logs them by clientId', async () => {
    const first = await t.http
      .post('/v1/appeals')
      .set(bearer(token))
      .send(appealBody({ client: { fullName: 'Шарипов Далер', nationality: 'TJ' } }))
      .expect(201);
    const latin = await t.http
      .post('/v1/appeals')
      .set(bearer(token))
      .send(appealBody({ client: { fullName: 'Daler Sharipov', nationality: 'TJ' } }))
      .expect(201);
    expect(latin.body.possibleDuplicates).toContain(first.body.caseId);

    const returning = await t.http
      .post('/v1/appeals')
      .set(bearer(token))
      .send(appealBody({ client: undefined, clientId: first.body.clientId }))
      .expect(201);
    expect(returning.body.clientId).toBe(first.body.clientId);
    expect(returning.body.possibleDuplicates).toContain(first.body.caseId);
    const read = await t.http.get(`/v1/cases/${returning.body.caseId}`).set(bearer(token)).expect(200);
    expect(read.body.client.fullName).toBe('Шарипов Далер');

    await t.http
      .post('/v1/appeals')
      .set(bearer(token))
      .send(appealBody({ client: undefined, clientId: '00000000-0000-4000-8000-000000000000' }))
      .expect(404);
  });

  it('suggests a passport spelling of the same person, not a namesake born on another day or a son', async () => {
    const logAs = (client: Record<string, string>) =>
      t.http
        .post('/v1/appeals')
        .set(bearer(token))
        .send(appealBody({ client: { nationality: 'TJ', ...client } }))
        .expect(201);
    const father = await logAs({ fullName: 'Мирзоев Рустам' });
    const first = await logAs({ fullName: 'Мирзоев Ёдгор Рустамович', dateOfBirth: '1991-04-02' });

    // The ICAO passport spelling (Ё written E), without the patronymic or the date.
    const passport = await logAs({ fullName: 'MIRZOEV EDGOR' });
    expect(passport.body.possibleDuplicates).toContain(first.body.caseId);
    // A one-letter slip, with the same date of birth.
    const slip = await logAs({ fullName: 'Мирзоев Ёдгол', dateOfBirth: '1991-04-02' });
    expect(slip.body.possibleDuplicates).toContain(first.body.caseId);

    const namesake = await logAs({ fullName: 'Мирзоев Ёдгор', dateOfBirth: '1985-11-30' });
    expect(namesake.body.possibleDuplicates).not.toContain(first.body.caseId);
    const otherFather = await logAs({ fullName: 'Мирзоев Ёдгор Шарифович' });
    expect(otherFather.body.possibleDuplicates).not.toContain(first.body.caseId);
    expect(first.body.possibleDuplicates).not.toContain(father.body.caseId);
  });

  it('logs an incident with many people as one all-or-nothing step', async () => {
    const people = Array.from({ length: 12 }, (_, i) => ({
      fullName: `Person ${i} Karimov`,
      nationality: 'UZ',
    }));
    const incident = {
      kind: 'dormitory_raid',
      occurredAt: '2024-03-30T05:00:00+03:00',
      region: 'Moscow',
      city: 'Moscow',
      location: 'dormitory',
      description: 'Night raid',
      appealType: 'detention',
      channel: 'hotline',
      people,
    };
    const res = await t.http.post('/v1/incidents').set(bearer(token)).send(incident).expect(201);
    expect(res.body.caseIds).toHaveLength(12);
    const listed = await t.http
      .get(`/v1/cases?incidentId=${res.body.incidentId}&limit=200`)
      .set(bearer(token))
      .expect(200);
    expect(listed.body.items.map((c: { id: string }) => c.id).sort()).toEqual([...res.body.caseIds].sort());

    const before = await t.db.query(INTAKE_EVENTS);
    const broken = { ...incident, people: [...people, { fullName: '', nationality: 'XX' }] };
    const refused = await t.http.post('/v1/incidents').set(bearer(token)).send(broken).expect(400);
    expect(refused.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['people.12.fullName', 'people.12.nationality']),
    );
    const after = await t.db.query(INTAKE_EVENTS);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});
