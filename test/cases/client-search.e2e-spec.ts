import { execFileSync } from 'node:child_process';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

type Role = keyof TestOrg['users'];

/**
 * Search before logging, and what people decide about look-alike clients: the same person, not
 * the same person, a merge. Everything through the blind indexes; nothing personal in plaintext.
 */
describe('finding returning people and saying who is who', () => {
  let t: TestApp;
  let org: TestOrg;
  const as = (role: Role, o: TestOrg = org) => bearer(o.users[role].token);

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  async function logAppeal(client: Record<string, unknown>, o: TestOrg = org) {
    const res = await t.http
      .post('/v1/appeals')
      .set(as('intake', o))
      .send(appealBody({ client: { nationality: 'TJ', ...client } }))
      .expect(201);
    return res.body as { caseId: string; caseNumber: string; clientId: string; possibleDuplicates: string[] };
  }

  const search = (query: Record<string, string>, role: Role = 'intake', o: TestOrg = org) =>
    t.http.get('/v1/clients/search').query(query).set(as(role, o));

  describe('search before logging', () => {
    it('finds a person logged in Cyrillic from Latin spellings, strongest match first, with no plaintext stored', async () => {
      const o = await t.createOrg();
      const passport = await logAppeal(
        {
          fullName: 'Джураев Шерзод Бахтиёрович',
          passportNumber: 'АВ 7654321',
          phone: '+79991112233',
          dateOfBirth: '1991-03-15',
        },
        o,
      );
      const phone = await logAppeal({ fullName: 'Juraev Sherzod', phone: '+7 999 555-44-33' }, o);
      const nameAndDate = await logAppeal({ fullName: 'Джураев Шерзод', dateOfBirth: '1991-03-15' }, o);
      const nameOnly = await logAppeal({ fullName: 'Джураев Шерзод' }, o);
      const otherBirthDate = await logAppeal({ fullName: 'Джураев Шерзод', dateOfBirth: '1980-01-01' }, o);
      const someoneElse = await logAppeal({ fullName: 'Каримов Алишер', dateOfBirth: '1991-03-15' }, o);

      const query = {
        name: 'Dzhuraev Sherzod',
        birthDate: '1991-03-15',
        passport: 'AB7654321',
        phone: '8 999 555 44 33',
      };
      const res = await search(query, 'intake', o).expect(200);
      expect(res.body.items.map((hit: { clientId: string }) => hit.clientId)).toEqual([
        passport.clientId,
        phone.clientId,
        nameAndDate.clientId,
        nameOnly.clientId,
      ]);
      expect(res.body.items.map((hit: { strength: string }) => hit.strength)).toEqual([
        'passport',
        'phone',
        'name_and_birth_date',
        'name',
      ]);
      expect(res.body.items[0]).toEqual({
        clientId: passport.clientId,
        clientIds: [passport.clientId],
        matchedOn: ['passport', 'name', 'birthDate'],
        strength: 'passport',
        openCases: [
          {
            caseId: passport.caseId,
            caseNumber: passport.caseNumber,
            appealType: 'detention',
            status: 'new',
          },
        ],
      });
      expect(res.body.items[3].matchedOn).toEqual(['name']);
      const found = JSON.stringify(res.body);
      expect(found).not.toContain(otherBirthDate.clientId);
      expect(found).not.toContain(someoneElse.clientId);

      // Intake logs the returning person under the client it found.
      const returning = await t.http
        .post('/v1/appeals')
        .set(as('intake', o))
        .send({ ...appealBody({ client: undefined }), clientId: passport.clientId })
        .expect(201);
      expect(returning.body.clientId).toBe(passport.clientId);
      expect(returning.body.possibleDuplicates).toContain(passport.caseId);

      // Nothing of the query or the people rests in plaintext: not in a dump, not in the logs.
      const dump = execFileSync('pg_dump', ['--no-owner', t.config.DATABASE_URL], {
        maxBuffer: 256 * 1024 * 1024,
      }).toString();
      for (const secret of [
        'Джураев',
        'Шерзод',
        'Dzhuraev',
        'Juraev',
        '7654321',
        '5554433',
        '1112233',
        '1991-03-15',
      ]) {
        expect(['pg_dump', secret, dump.includes(secret)]).toEqual(['pg_dump', secret, false]);
        expect(['logs', secret, t.logs().includes(secret)]).toEqual(['logs', secret, false]);
      }
      expect(dump).toContain(passport.clientId);
    });

    it('finds a one-letter slip only with the same date of birth, ranked below an exact name and date', async () => {
      const o = await t.createOrg();
      const logged = await logAppeal({ fullName: 'Рахимов Фаррух', dateOfBirth: '1995-04-02' }, o);
      const exact = await logAppeal({ fullName: 'Рахитов Фаррух', dateOfBirth: '1995-04-02' }, o);
      const slip = await search({ name: 'Рахитов Фаррух', birthDate: '1995-04-02' }, 'lawyer', o).expect(200);
      expect(slip.body.items).toEqual([
        expect.objectContaining({ clientId: exact.clientId, strength: 'name_and_birth_date' }),
        expect.objectContaining({
          clientId: logged.clientId,
          strength: 'similar_name_and_birth_date',
          matchedOn: ['similarName', 'birthDate'],
        }),
      ]);
      const noDate = await search({ name: 'Рахитов Фаррух' }, 'lawyer', o).expect(200);
      expect(noDate.body.items.map((hit: { clientId: string }) => hit.clientId)).toEqual([exact.clientId]);
    });

    it("leaves out closed cases, another organization's people, and refuses what is not a search", async () => {
      const logged = await logAppeal({ fullName: 'Абдуллоев Исмоил', passportNumber: '402111222' });
      await t.http
        .post(`/v1/cases/${logged.caseId}/close`)
        .set(as('coordinator'))
        .send({ outcome: 'settled', expectedVersion: 1 })
        .expect(200);
      const hit = await search({ passport: '402111222' }).expect(200);
      expect(hit.body.items).toEqual([expect.objectContaining({ clientId: logged.clientId, openCases: [] })]);

      const other = await t.createOrg();
      expect((await search({ passport: '402111222' }, 'admin', other).expect(200)).body.items).toEqual([]);
      await t.http.get(`/v1/clients/${logged.clientId}`).set(as('admin', other)).expect(404);

      await search({}).expect(400);
      const onlyDate = await search({ birthDate: '1990-01-01' }).expect(400);
      expect(onlyDate.body.details).toEqual([{ field: 'name', problem: expect.any(String) }]);
      await search({ name: 'x', birthDate: '1990-13-01' }).expect(400);
      await search({ name: 'x', unknown: 'y' }).expect(400);
      await search({ passport: '402111222' }, 'coordinator').expect(403);
    });

    it('takes the same search as a JSON body (POST), keeping personal data out of URLs', async () => {
      const logged = await logAppeal({ fullName: 'Назаров Бахтовар', dateOfBirth: '1993-06-01' });
      const query = { name: 'Nazarov Bakhtovar', birthDate: '1993-06-01' };
      const byUrl = await search(query).expect(200);
      const byBody = await t.http.post('/v1/clients/search').set(as('lawyer')).send(query).expect(200);
      expect(byBody.body).toEqual(byUrl.body);
      expect(byBody.body.items[0]).toMatchObject({
        clientId: logged.clientId,
        strength: 'name_and_birth_date',
      });
      await t.http
        .post('/v1/clients/search')
        .set(as('intake'))
        .send({ passport: 'x'.repeat(41), limit: 5 })
        .expect(400);
      await t.http.post('/v1/clients/search').set(as('intake')).send({}).expect(400);
      await t.http.post('/v1/clients/search').set(as('coordinator')).send(query).expect(403);
      expect(t.logs()).not.toContain('Nazarov');
    });

    it('finds a case by its number', async () => {
      const logged = await logAppeal({ fullName: 'Назаров Бахром' });
      const res = await t.http
        .get('/v1/cases')
        .query({ caseNumber: logged.caseNumber })
        .set(as('coordinator'))
        .expect(200);
      expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([logged.caseId]);
      expect(res.body.items[0].caseNumber).toBe(logged.caseNumber);
      const none = await t.http.get('/v1/cases').query({ caseNumber: '1999-000001' }).set(as('intake'));
      expect(none.body.items).toEqual([]);
      await t.http.get('/v1/cases').query({ caseNumber: 'abc' }).set(as('intake')).expect(400);
      const other = await t.createOrg();
      const elsewhere = await t.http
        .get('/v1/cases')
        .query({ caseNumber: logged.caseNumber })
        .set(as('intake', other))
        .expect(200);
      expect(elsewhere.body.items.map((c: { id: string }) => c.id)).not.toContain(logged.caseId);
    });
  });

  describe('not the same person', () => {
    it('is remembered: the pair is never suggested again, in the case view or in a search for that client', async () => {
      const first = await logAppeal({ fullName: 'Рахимов Фаррух', dateOfBirth: '1990-05-07' });
      const second = await logAppeal({ fullName: 'Rakhimov Farrukh', dateOfBirth: '1990-05-07' });
      expect(second.possibleDuplicates).toContain(first.caseId);

      const path = `/v1/clients/${second.clientId}/not-same-person`;
      await t.http.post(path).set(as('coordinator')).send({ otherClientId: first.clientId }).expect(403);
      const answer = await t.http
        .post(path)
        .set(as('intake'))
        .set('Idempotency-Key', `dismiss-${second.clientId}`)
        .send({ otherClientId: first.clientId })
        .expect(200);
      expect(answer.body).toEqual({ clientId: second.clientId, otherClientId: first.clientId });
      // Said again (from the other side, too): nothing new is recorded.
      await t.http
        .post(`/v1/clients/${first.clientId}/not-same-person`)
        .set(as('lawyer'))
        .send({ otherClientId: second.clientId })
        .expect(200);

      const view = await t.http.get(`/v1/cases/${second.caseId}`).set(as('lawyer')).expect(200);
      expect(view.body.possibleDuplicates).not.toContain(first.caseId);

      const query = { name: 'Rakhimov Farrukh', birthDate: '1990-05-07' };
      const ids = (res: { body: { items: { clientId: string }[] } }) => res.body.items.map((h) => h.clientId);
      expect(ids(await search(query).expect(200))).toEqual(
        expect.arrayContaining([first.clientId, second.clientId]),
      );
      const forSecond = await search({ ...query, forClientId: second.clientId }).expect(200);
      expect(ids(forSecond)).toContain(second.clientId);
      expect(ids(forSecond)).not.toContain(first.clientId);

      const record = await t.http.get(`/v1/clients/${second.clientId}`).set(as('lawyer')).expect(200);
      expect(record.body.notSamePersonAs).toEqual([first.clientId]);
      expect(
        record.body.history.filter((e: { type: string }) => e.type === 'client-not-same-person-recorded'),
      ).toEqual([
        expect.objectContaining({
          clientId: second.clientId,
          otherClientId: first.clientId,
          actorId: org.users.intake.id,
        }),
      ]);

      // Another organization's clients answer like unknown ones, on either side of the pair.
      const elsewhere = await t.createOrg();
      const theirs = await logAppeal({ fullName: 'Rakhimov Farrukh' }, elsewhere);
      for (const verdict of ['same-person', 'not-same-person']) {
        await t.http
          .post(`/v1/clients/${second.clientId}/${verdict}`)
          .set(as('intake', elsewhere))
          .send({ otherClientId: theirs.clientId })
          .expect(404);
        await t.http
          .post(`/v1/clients/${theirs.clientId}/${verdict}`)
          .set(as('intake', elsewhere))
          .send({ otherClientId: second.clientId })
          .expect(404);
      }
      // A pair judged two people is not merged; an unknown client answers 404.
      await t.http
        .post(`/v1/clients/${second.clientId}/merge`)
        .set(as('lawyer'))
        .send({ intoClientId: first.clientId })
        .expect(422);
      await t.http
        .post(path)
        .set(as('intake'))
        .send({ otherClientId: '00000000-0000-4000-8000-000000000000' })
        .expect(404);
    });
  });

  describe('the same person, and a merge', () => {
    it('keeps both histories under the client that stays, and erasing it reaches both people', async () => {
      const stays = await logAppeal({
        fullName: 'Шарипов Умед',
        phone: '+79035550011',
        dateOfBirth: '1988-11-02',
      });
      const goes = await logAppeal({
        fullName: 'Sharipov Umed',
        passportNumber: '403777888',
        dateOfBirth: '1988-11-02',
      });
      for (const [caseId, text] of [
        [stays.caseId, 'Brother called from Kulob'],
        [goes.caseId, 'Lives in a dormitory in Lyubertsy'],
      ]) {
        await t.http.post(`/v1/cases/${caseId}/notes`).set(as('lawyer')).send({ text }).expect(200);
      }

      const merge = `/v1/clients/${goes.clientId}/merge`;
      await t.http.post(merge).set(as('intake')).send({ intoClientId: stays.clientId }).expect(403);
      const other = await t.createOrg();
      await t.http.post(merge).set(as('admin', other)).send({ intoClientId: stays.clientId }).expect(404);
      const merged = await t.http
        .post(merge)
        .set(as('lawyer'))
        .send({ intoClientId: stays.clientId })
        .expect(200);
      expect(merged.body).toEqual({ clientId: goes.clientId, intoClientId: stays.clientId });

      const record = await t.http.get(`/v1/clients/${stays.clientId}`).set(as('lawyer')).expect(200);
      expect(record.body.samePersonAs).toEqual([goes.clientId]);
      expect(record.body.cases.map((c: { caseId: string }) => c.caseId).sort()).toEqual(
        [stays.caseId, goes.caseId].sort(),
      );
      expect(record.body.history).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ clientId: goes.clientId, type: 'client-registered' }),
          expect.objectContaining({
            clientId: goes.clientId,
            type: 'client-merged',
            otherClientId: stays.clientId,
            actorId: org.users.lawyer.id,
          }),
        ]),
      );
      const gone = await t.http.get(`/v1/clients/${goes.clientId}`).set(as('intake')).expect(200);
      expect(gone.body).toMatchObject({ mergedInto: stays.clientId, personClientId: stays.clientId });

      // One person in a search, under the client that stays, with the cases of both.
      const hits = await search({ passport: '403777888' }).expect(200);
      expect(hits.body.items).toEqual([
        expect.objectContaining({ clientId: stays.clientId, clientIds: [stays.clientId, goes.clientId] }),
      ]);
      expect(hits.body.items[0].openCases.map((c: { caseId: string }) => c.caseId).sort()).toEqual(
        [stays.caseId, goes.caseId].sort(),
      );
      // An appeal logged under the merged client's id goes to the one that stays.
      const again = await t.http
        .post('/v1/appeals')
        .set(as('intake'))
        .send({ ...appealBody({ client: undefined }), clientId: goes.clientId })
        .expect(201);
      expect(again.body.clientId).toBe(stays.clientId);

      // Both histories are whole: the merged client's case still reads its note (to intake, who
      // logged it today: need-to-know, decision 0095).
      const history = await t.http.get(`/v1/cases/${goes.caseId}/history`).set(as('intake')).expect(200);
      expect(JSON.stringify(history.body)).toContain('Lives in a dormitory in Lyubertsy');

      // Erasing the client that stays erases both people's keys and index entries.
      await t.http.delete(`/v1/clients/${stays.clientId}/personal-data`).set(as('admin')).expect(204);
      for (const caseId of [stays.caseId, goes.caseId]) {
        const view = await t.http.get(`/v1/cases/${caseId}`).set(as('lawyer')).expect(200);
        expect(view.body.client).toMatchObject({ fullName: null, erased: true });
      }
      const after = await t.http.get(`/v1/cases/${goes.caseId}/history`).set(as('lawyer')).expect(200);
      expect(JSON.stringify(after.body)).not.toContain('Lyubertsy');
      // Data keys live in the keyring (decision 0023), index entries with the data.
      const people = [[stays.clientId, goes.clientId]];
      const keys = await t.keyring.query(
        'SELECT count(*)::int AS n FROM subject_keys WHERE subject_id = ANY($1)',
        people,
      );
      const entries = await t.db.query(
        'SELECT count(*)::int AS n FROM client_match_keys WHERE client_id = ANY($1)',
        people,
      );
      expect({ keys: keys.rows[0].n, entries: entries.rows[0].n }).toEqual({ keys: 0, entries: 0 });
      expect((await search({ passport: '403777888' }).expect(200)).body.items).toEqual([]);
    });

    it('links two clients as one person both ways; a confirmed pair cannot then be dismissed', async () => {
      const a = await logAppeal({ fullName: 'Холов Сухроб', phone: '+79261230001' });
      const b = await logAppeal({ fullName: 'Kholov Suhrob', phone: '+79261230001' });
      const same = `/v1/clients/${b.clientId}/same-person`;
      const first = await t.http
        .post(same)
        .set(as('intake'))
        .set('Idempotency-Key', `same-${b.clientId}`)
        .send({ otherClientId: a.clientId })
        .expect(200);
      const retry = await t.http
        .post(same)
        .set(as('intake'))
        .set('Idempotency-Key', `same-${b.clientId}`)
        .send({ otherClientId: a.clientId })
        .expect(200);
      expect(retry.body).toEqual(first.body);
      const { rows } = await t.db.query(
        `SELECT stream_id FROM events WHERE type = 'client-same-person-confirmed' AND stream_id = ANY($1)`,
        [[`client-${a.clientId}`, `client-${b.clientId}`]],
      );
      expect(rows).toHaveLength(2);

      const hits = await search({ phone: '+79261230001' }).expect(200);
      expect(hits.body.items).toEqual([
        expect.objectContaining({
          clientId: a.clientId,
          clientIds: [a.clientId, b.clientId],
          strength: 'phone',
        }),
      ]);
      // Logging the person again under either id suggests the cases of both.
      const again = await t.http
        .post('/v1/appeals')
        .set(as('intake'))
        .send({ ...appealBody({ client: undefined }), clientId: b.clientId })
        .expect(201);
      expect(again.body.possibleDuplicates).toEqual(expect.arrayContaining([a.caseId, b.caseId]));

      await t.http
        .post(`/v1/clients/${a.clientId}/not-same-person`)
        .set(as('lawyer'))
        .send({ otherClientId: b.clientId })
        .expect(422);

      // Erasing one erases the other.
      await t.http.delete(`/v1/clients/${b.clientId}/personal-data`).set(as('admin')).expect(204);
      const view = await t.http.get(`/v1/cases/${a.caseId}`).set(as('lawyer')).expect(200);
      expect(view.body.client).toMatchObject({ fullName: null, erased: true });
    });
  });
});
