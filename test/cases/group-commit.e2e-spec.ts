import { randomUUID } from 'node:crypto';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

/**
 * Group commit (decision 0140): appeals arriving together are written in one transaction, each
 * with its own case, number, keys and answer; one that fails never fails the others.
 */
describe('appeals committed together', () => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  const intake = () => bearer(org.users.intake.token);
  /** A different person each time: name, phone and passport of their own. */
  const person = (i: number) =>
    appealBody({
      client: {
        fullName: `Person${String.fromCharCode(65 + (i % 26))}${i} Testov`,
        nationality: 'TJ',
        phone: `+7916${String(1_000_000 + i)}`,
        passportNumber: `4${String(10_000_000 + i)}`,
        dateOfBirth: '1990-01-01',
        language: 'tg',
      },
    });

  it('writes 40 concurrent appeals in fewer transactions, each with its own case, number and key', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => t.http.post('/v1/appeals').set(intake()).send(person(i))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(201));
    const caseIds = answers.map((a) => a.body.caseId as string);
    const numbers = answers.map((a) => a.body.caseNumber as string);
    expect(new Set(caseIds).size).toBe(40);
    expect(new Set(numbers).size).toBe(40);
    // Numbers taken in blocks, never reserved ahead: no gap among them.
    const serials = numbers.map((n) => Number(n.split('-')[1])).sort((a, b) => a - b);
    expect(serials[39] - serials[0]).toBe(39);

    const { rows } = await t.db.query<{ transactions: number; events: number }>(
      `SELECT count(DISTINCT transaction_id)::int AS transactions, count(*)::int AS events
         FROM events WHERE type = 'appeal-logged' AND data->>'caseId' = ANY($1::text[])`,
      [caseIds],
    );
    expect(rows[0].events).toBe(40);
    // Alone, each appeal was a transaction of its own.
    expect(rows[0].transactions).toBeLessThan(40);

    // Each client has a key of its own, and each case reads back with its own person.
    const keys = await t.keyring.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM subject_keys WHERE subject_id = ANY($1::uuid[])',
      [answers.map((a) => a.body.clientId)],
    );
    expect(keys.rows[0].n).toBe(40);
    for (const i of [0, 17, 39]) {
      const read = await t.http.get(`/v1/cases/${caseIds[i]}`).set(intake()).expect(200);
      expect(read.body.caseNumber).toBe(numbers[i]);
      expect(read.body.client.fullName).toBe(`Person${String.fromCharCode(65 + (i % 26))}${i} Testov`);
    }
  });

  it('answers a failing appeal with its own error and logs the ones sent with it', async () => {
    const bodies: Record<string, unknown>[] = Array.from({ length: 20 }, (_, i) => person(100 + i));
    // An unknown client: this appeal alone is a 404.
    bodies[7] = { ...appealBody(), client: undefined, clientId: randomUUID() };
    const answers = await Promise.all(
      bodies.map((body) => t.http.post('/v1/appeals').set(intake()).send(body)),
    );
    expect(answers.map((a) => a.status)).toEqual(bodies.map((_, i) => (i === 7 ? 404 : 201)));
    const caseIds = answers.filter((a) => a.status === 201).map((a) => a.body.caseId);
    const { rows } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM case_views WHERE case_id = ANY($1::uuid[])',
      [caseIds],
    );
    expect(rows[0].n).toBe(19);
  });

  it('gives twins sent among other appeals one case and one answer', async () => {
    const key = `group-twins-${randomUUID()}`;
    const twin = person(200);
    const sent = Array.from({ length: 20 }, (_, i) =>
      i % 4 === 0
        ? t.http.post('/v1/appeals').set(intake()).set('Idempotency-Key', key).send(twin)
        : t.http.post('/v1/appeals').set(intake()).send(person(300 + i)),
    );
    const answers = await Promise.all(sent);
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    const twins = answers.filter((_, i) => i % 4 === 0).map((a) => a.body);
    for (const answer of twins) expect(answer).toEqual(twins[0]);
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE type = 'appeal-logged' AND data->>'caseId' = $1`,
      [twins[0].caseId],
    );
    expect(rows[0].n).toBe(1);
  });
});
