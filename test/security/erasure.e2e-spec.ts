import { runCommand } from '../../apps/cli/src/commands';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

describe('erasure by crypto-shredding', () => {
  let t: TestApp;
  let org: TestOrg;
  const as = (role: keyof TestOrg['users']) => bearer(org.users[role].token);

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  it('erases a person everywhere, keeps the history, survives a rebuild, and the chain stays valid', async () => {
    const person = {
      fullName: 'Джураев Шерзод',
      nationality: 'TJ',
      phone: '+79991112233',
      passportNumber: '401999888',
    };
    const created = await t.http
      .post('/v1/appeals')
      .set(as('intake'))
      .send(appealBody({ client: person }))
      .expect(201);
    const { caseId, clientId } = created.body;
    await t.http
      .post(`/v1/cases/${caseId}/notes`)
      .set(as('lawyer'))
      .send({ text: 'Mother called from Khujand' })
      .expect(200);

    await t.http.delete(`/v1/clients/${clientId}/personal-data`).set(as('coordinator')).expect(403);
    await t.http.delete(`/v1/clients/${clientId}/personal-data`).set(as('admin')).expect(204);
    await t.http.delete(`/v1/clients/${clientId}/personal-data`).set(as('admin')).expect(204);

    const expectErased = async () => {
      const view = await t.http.get(`/v1/cases/${caseId}`).set(as('lawyer')).expect(200);
      expect(view.body.client).toEqual({
        id: clientId,
        fullName: null,
        phone: null,
        passportNumber: null,
        dateOfBirth: null,
        nationality: 'TJ',
        language: null,
        erased: true,
      });
      expect(view.body.incident.description).toBeNull();
      expect(view.body.status).toBe('new');
      const list = await t.http.get('/v1/cases').set(as('lawyer')).expect(200);
      expect(list.body.items.find((c: { id: string }) => c.id === caseId).client).toMatchObject({
        fullName: null,
        erased: true,
      });
      const history = await t.http.get(`/v1/cases/${caseId}/history`).set(as('lawyer')).expect(200);
      expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
        'appeal-logged',
        'note-added',
      ]);
      expect(history.body.events[1].data.text).toBeNull();
      const integrity = await t.http.get(`/v1/cases/${caseId}/integrity`).set(as('admin')).expect(200);
      expect(integrity.body).toEqual({
        valid: true,
        events: 2,
        headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    };
    await expectErased();

    await runCommand(t.config, ['projections:rebuild']);
    await expectErased();
    const whole = (await runCommand(t.config, ['integrity:verify'])) as { valid: boolean };
    expect(whole.valid).toBe(true);

    // The same person again is a stranger now: nothing links them to the erased record.
    const again = await t.http
      .post('/v1/appeals')
      .set(as('intake'))
      .send(appealBody({ client: person }))
      .expect(201);
    expect(again.body.possibleDuplicates).toEqual([]);
    await t.http
      .post('/v1/appeals')
      .set(as('intake'))
      .send(appealBody({ client: undefined, clientId }))
      .expect(422);
  });

  it("answers another organization's client and an unknown one alike", async () => {
    const created = await t.http.post('/v1/appeals').set(as('intake')).send(appealBody()).expect(201);
    const other = await t.createOrg();
    const theirs = await t.http
      .delete(`/v1/clients/${created.body.clientId}/personal-data`)
      .set(bearer(other.users.admin.token))
      .expect(404);
    const unknown = await t.http
      .delete('/v1/clients/5d6c0b6e-0000-4000-8000-000000000000/personal-data')
      .set(bearer(other.users.admin.token))
      .expect(404);
    expect(theirs.body).toEqual(unknown.body);
    const view = await t.http.get(`/v1/cases/${created.body.caseId}`).set(as('intake')).expect(200);
    expect(view.body.client.erased).toBe(false);
  });
});
