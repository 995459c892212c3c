import { runCommand } from '../../apps/cli/src/commands';
import { appealBody, bearer, startTestApp, TestApp } from '../support/test-app';

const VIEWS = {
  case_views: 'SELECT * FROM case_views ORDER BY case_id',
  case_history: 'SELECT * FROM case_history ORDER BY case_id, global_position',
  client_views: 'SELECT * FROM client_views ORDER BY client_id',
  client_match_keys: 'SELECT * FROM client_match_keys ORDER BY org_id, match_key, client_id',
};

describe('projections:rebuild', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function dump() {
    const out: Record<string, unknown[]> = {};
    for (const [name, sql] of Object.entries(VIEWS)) out[name] = (await t.db.query(sql)).rows;
    return out;
  }

  it('rebuilds every view from the events into identical rows', async () => {
    const org = await t.createOrg();
    const as = (role: 'intake' | 'coordinator') => bearer(org.users[role].token);
    for (let i = 0; i < 4; i++) {
      const res = await t.http.post('/v1/appeals').set(as('intake')).send(appealBody()).expect(201);
      await t.http
        .post(`/v1/cases/${res.body.caseId}/assignment`)
        .set(as('coordinator'))
        .send({ lawyerId: org.users.lawyer.id, expectedVersion: 1 })
        .expect(200);
      await t.http
        .post(`/v1/cases/${res.body.caseId}/notes`)
        .set(as('intake'))
        .send({ text: `note ${i}` })
        .expect(200);
      if (i % 2)
        await t.http
          .post(`/v1/cases/${res.body.caseId}/close`)
          .set(as('coordinator'))
          .send({ outcome: 'settled', expectedVersion: 3 })
          .expect(200);
    }
    const before = await dump();
    expect(before.case_views).toHaveLength(4);

    const result = (await runCommand(t.config, ['projections:rebuild'])) as {
      projections: { name: string; lagEvents: number }[];
    };
    expect(result.projections.map((p) => p.name)).toEqual(
      expect.arrayContaining(['case-views', 'case-history', 'client-directory']),
    );
    expect(await dump()).toEqual(before);
  });
});
