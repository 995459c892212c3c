import { runCommand } from '../../apps/cli/src/commands';
import { roleOf } from '@huquq/platform';
import { appealBody, bearer, RoleName, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const NAME = 'Рахимов Фаррух';
const NOTE = 'lives with a cousin near the market';
const RESULT = 'reached the cousin, the hearing is tomorrow';
const PLACE = 'ОМВД по району Котельники';
/** Personal data and free text of appealBody() and NOTE: none may reach a reader without need-to-know. */
const PERSONAL = [
  NAME,
  '+79161234567',
  '400123456',
  '1995-04-02',
  'dormitory',
  'Kotelniki',
  NOTE,
  RESULT,
  PLACE,
];

const ROLES: RoleName[] = ['intake', 'lawyer', 'coordinator', 'admin'];

function leaks(body: unknown): string[] {
  const text = JSON.stringify(body);
  return PERSONAL.filter((value) => text.includes(value));
}

describe('need-to-know (decision 0095) and the read audit (decision 0096)', () => {
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  const as = (role: RoleName, o: TestOrg = org) => bearer(o.users[role].token);

  async function logAppeal(by: RoleName, o: TestOrg = org) {
    const res = await t.http.post('/v1/appeals').set(as(by, o)).send(appealBody()).expect(201);
    const caseId = res.body.caseId as string;
    await t.http
      .post(`/v1/cases/${caseId}/custody`)
      .set(as(by, o))
      .send({
        placeKind: 'police_station',
        placeName: PLACE,
        deliveredAt: new Date().toISOString(),
        expectedVersion: 1,
      })
      .expect(200);
    await t.http.post(`/v1/cases/${caseId}/notes`).set(as('admin', o)).send({ text: NOTE }).expect(200);
    return { caseId, clientId: res.body.clientId as string };
  }

  async function assign(caseId: string, o: TestOrg = org) {
    const { body } = await t.http.get(`/v1/cases/${caseId}`).set(as('coordinator', o)).expect(200);
    await t.http
      .post(`/v1/cases/${caseId}/assignment`)
      .set(as('coordinator', o))
      .send({ lawyerId: o.users.lawyer.id, expectedVersion: body.version })
      .expect(200);
  }

  async function readsOf(caseId: string) {
    const { rows } = await t.db.query<{ user_id: string; action: string }>(
      'SELECT user_id, action FROM personal_data_reads WHERE case_id = $1 ORDER BY read_id',
      [caseId],
    );
    return rows;
  }

  describe('the matrix: 4 roles × the routes that return personal data', () => {
    const cases: Record<string, { caseId: string; clientId: string }> = {};
    let claimedTask = '';
    /** Who sees the personal data of which case, by default. */
    const SHOWN: Record<string, RoleName[]> = {
      loggedByIntakeAssignedToLawyer: ['intake', 'lawyer'],
      taskClaimedByLawyer: ['lawyer'],
      nobodysOwn: [],
    };

    beforeAll(async () => {
      cases.loggedByIntakeAssignedToLawyer = await logAppeal('intake');
      await assign(cases.loggedByIntakeAssignedToLawyer.caseId);
      cases.taskClaimedByLawyer = await logAppeal('admin');
      const caseId = cases.taskClaimedByLawyer.caseId;
      const taskId = await waitFor(
        async () =>
          (await t.db.query('SELECT task_id FROM follow_up_tasks WHERE case_id = $1', [caseId])).rows[0]
            ?.task_id as string | undefined,
        { what: "the case's first follow-up task" },
      );
      await t.http.post(`/v1/tasks/${taskId}/claim`).set(as('lawyer')).expect(200);
      await t.http
        .post(`/v1/tasks/${taskId}/complete`)
        .set(as('lawyer'))
        .send({ result: RESULT })
        .expect(200);
      claimedTask = taskId!;
      cases.nobodysOwn = await logAppeal('admin');
    });

    const cells = Object.keys(SHOWN).flatMap((which) =>
      ROLES.map((role) => [which, role, SHOWN[which].includes(role)] as const),
    );

    it.each(cells)('case %s, as %s: personal data shown: %s', async (which, role, shown) => {
      const { caseId, clientId } = cases[which];
      const marker = shown ? 'shown' : 'withheld';

      const view = await t.http.get(`/v1/cases/${caseId}`).set(as(role)).expect(200);
      expect(view.body.personalData).toBe(marker);
      expect(view.body.caseNumber).toEqual(expect.any(String)); // non-personal fields: everyone
      expect(view.body.client.nationality).toBe('TJ');
      if (shown) {
        expect(view.body.client).toMatchObject({
          fullName: NAME,
          phone: '+79161234567',
          passportNumber: '400123456',
        });
        expect(view.body.incident.description).toBe('Detained at the dormitory during a raid');
        expect(view.body.notes.map((n: { text: string }) => n.text)).toEqual([NOTE]);
        expect(view.body.custody.current.placeName).toBe(PLACE);
      } else {
        expect(view.body.client).toMatchObject({
          fullName: null,
          phone: null,
          passportNumber: null,
          dateOfBirth: null,
        });
        expect(view.body.incident.description).toBeNull();
        expect(view.body.notes.map((n: { text: string }) => n.text)).toEqual([null]);
        expect(view.body.custody.current).toMatchObject({ placeKind: 'police_station', placeName: null });
        expect(leaks(view.body)).toEqual([]);
      }

      const history = await t.http.get(`/v1/cases/${caseId}/history`).set(as(role)).expect(200);
      expect(history.body.personalData).toBe(marker);
      expect(leaks(history.body).includes(NOTE)).toBe(shown);

      const list = await t.http.get('/v1/cases?limit=200').set(as(role)).expect(200);
      const item = list.body.items.find((c: { id: string }) => c.id === caseId);
      expect(item).toMatchObject({ personalData: marker, client: { fullName: shown ? NAME : null } });

      // A task's result is the case's personal data (intake reads no tasks).
      if (which === 'taskClaimedByLawyer' && role !== 'intake') {
        const task = await t.http.get(`/v1/tasks/${claimedTask}`).set(as(role)).expect(200);
        expect(task.body).toMatchObject({ personalData: marker, result: shown ? RESULT : null });
        expect(leaks(task.body).includes(RESULT)).toBe(shown);
      }

      // The client record carries ids only, for every role that may open it.
      const client = await t.http.get(`/v1/clients/${clientId}`).set(as(role));
      expect(client.status).toBe(role === 'coordinator' ? 403 : 200);
      expect(leaks(client.body)).toEqual([]);
    });
  });

  it('records every personal read exactly once, without personal data, for admins to page through', async () => {
    const { caseId, clientId } = await logAppeal('intake');
    await assign(caseId);
    const before = (await readsOf(caseId)).length;
    await t.http.get(`/v1/cases/${caseId}`).set(as('lawyer')).expect(200);
    await t.http.get(`/v1/cases/${caseId}/history`).set(as('lawyer')).expect(200);
    await t.http.get(`/v1/cases/${caseId}`).set(as('intake')).expect(200);
    // Withheld: nothing personal was read, nothing recorded.
    await t.http.get(`/v1/cases/${caseId}`).set(as('coordinator')).expect(200);
    await t.http.get(`/v1/cases/${caseId}`).set(as('admin')).expect(200);
    await t.http.get(`/v1/clients/${clientId}`).set(as('lawyer')).expect(200);

    const reads = (await readsOf(caseId)).slice(before);
    expect(reads).toEqual([
      { user_id: org.users.lawyer.id, action: 'case-view' },
      { user_id: org.users.lawyer.id, action: 'case-history' },
      { user_id: org.users.intake.id, action: 'case-view' },
    ]);

    const first = await t.http.get(`/v1/cases/${caseId}/access-log?limit=2`).set(as('admin')).expect(200);
    expect(first.body.items).toEqual([
      {
        userId: org.users.intake.id,
        role: 'intake',
        action: 'case-view',
        at: expect.any(String),
        caseId,
        clientId,
      },
      {
        userId: org.users.lawyer.id,
        role: 'lawyer',
        action: 'case-history',
        at: expect.any(String),
        caseId,
        clientId,
      },
    ]);
    const second = await t.http
      .get(`/v1/cases/${caseId}/access-log?limit=2&cursor=${first.body.nextCursor}`)
      .set(as('admin'))
      .expect(200);
    expect(second.body.items.map((i: { action: string }) => i.action)).toContain('case-view');
    expect(leaks([first.body, second.body])).toEqual([]);

    const byUser = await t.http
      .get(`/v1/users/${org.users.lawyer.id}/access-log?limit=200`)
      .set(as('admin'))
      .expect(200);
    expect(byUser.body.items).toContainEqual(
      expect.objectContaining({ action: 'client-record', clientId, userId: org.users.lawyer.id }),
    );
    expect(leaks(byUser.body)).toEqual([]);
    await t.http.get(`/v1/cases/${caseId}/access-log`).set(as('coordinator')).expect(403);

    // Not a projection: a rebuild of every view leaves it whole.
    const all = await t.db.query('SELECT count(*)::int AS n FROM personal_data_reads');
    await runCommand(t.config, ['projections:rebuild']);
    expect((await t.db.query('SELECT count(*)::int AS n FROM personal_data_reads')).rows).toEqual(all.rows);
  });

  it('lets the request path append to the read log, never change or remove it', async () => {
    const role = roleOf(t.config.APP_DATABASE_URL!);
    const { rows } = await t.db.query(
      `SELECT has_table_privilege($1, 'personal_data_reads', 'INSERT') AS insert,
              has_table_privilege($1, 'personal_data_reads', 'UPDATE') AS update,
              has_table_privilege($1, 'personal_data_reads', 'DELETE') AS delete,
              has_table_privilege($1, 'personal_data_reads', 'TRUNCATE') AS truncate`,
      [role],
    );
    expect(rows[0]).toEqual({ insert: true, update: false, delete: false, truncate: false });
  });

  it("follows the organization's settings, and flags unusual reading once an hour", async () => {
    const other = await t.createOrg();
    const changed = await t.http
      .put('/v1/organization/need-to-know')
      .set(as('admin', other))
      .send({ adminsSeePersonalDataInCases: true, intakeWindowHours: 0, unusualReadingCasesPerHour: 2 })
      .expect(200);
    expect(changed.body).toEqual({
      coordinatorsSeePersonalData: false,
      adminsSeePersonalDataInCases: true,
      intakeWindowHours: 0,
      unusualReadingCasesPerHour: 2,
    });
    await t.http
      .put('/v1/organization/need-to-know')
      .set(as('admin', other))
      .send({ intakeWindowHours: -1 })
      .expect(400);
    await t.http.put('/v1/organization/need-to-know').set(as('coordinator', other)).send({}).expect(403);
    const home = await t.http.get('/v1/organization/need-to-know').set(as('admin')).expect(200);
    expect(home.body).toMatchObject({ adminsSeePersonalDataInCases: false, unusualReadingCasesPerHour: 50 });
    const mine = [
      await logAppeal('intake', other),
      await logAppeal('intake', other),
      await logAppeal('intake', other),
    ];
    const admin = await t.http.get(`/v1/cases/${mine[0].caseId}`).set(as('admin', other)).expect(200);
    expect(admin.body.client.fullName).toBe(NAME);
    const intake = await t.http.get(`/v1/cases/${mine[0].caseId}`).set(as('intake', other)).expect(200);
    expect(intake.body.personalData).toBe('withheld');

    const unusual = async () => {
      const log = await t.http
        .get(`/v1/users/${other.users.admin.id}/access-log`)
        .set(as('admin', other))
        .expect(200);
      return log.body.items.filter((i: { action: string }) => i.action === 'unusual-reading');
    };
    await t.http.get(`/v1/cases/${mine[1].caseId}`).set(as('admin', other)).expect(200);
    expect(await unusual()).toEqual([]); // two cases: not more than the limit
    await t.http.get(`/v1/cases/${mine[2].caseId}/history`).set(as('admin', other)).expect(200);
    await t.http.get(`/v1/cases/${mine[0].caseId}`).set(as('admin', other)).expect(200);
    expect(await unusual()).toEqual([
      { userId: other.users.admin.id, role: 'admin', action: 'unusual-reading', at: expect.any(String) },
    ]);
    expect(t.logs()).toContain('"securityEvent":"unusual_reading"');
    // The first organization's limit is its own (the default): nobody there was flagged.
    const homeLog = await t.http
      .get(`/v1/users/${org.users.admin.id}/access-log`)
      .set(as('admin'))
      .expect(200);
    expect(homeLog.body.items.filter((i: { action: string }) => i.action === 'unusual-reading')).toEqual([]);
  });
});
