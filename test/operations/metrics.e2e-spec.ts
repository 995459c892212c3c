import { appealBody, asOperator, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { waitFor } from '../support/wait-for';

/** The value of one sample (`name{labels} value`) in Prometheus's text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics (operators)', () => {
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  const scrape = async () => {
    const res = await t.http.get('/metrics').set(asOperator(t)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return res.text;
  };

  it('counts appeals, times requests by route template, and shows projections, queue and pools', async () => {
    const intake = bearer(org.users.intake.token);
    const before = sample(await scrape(), 'huquq_appeals_logged_total') ?? 0;
    const logged = await t.http.post('/v1/appeals').set(intake).send(appealBody()).expect(201);
    await t.http.get(`/v1/cases/${logged.body.caseId}?q=1`).set(intake).expect(200);

    // waitFor returns the first truthy answer: a string here.
    const text = (await waitFor(
      async () => {
        const now = await scrape();
        return (sample(now, 'huquq_follow_up_jobs{state="delayed"}') ?? 0) > 0 ? now : undefined;
      },
      { what: "the detention's escalation in the queue" },
    )) as string;
    expect(sample(text, 'huquq_appeals_logged_total')).toBe(before + 1);
    expect(
      sample(
        text,
        'huquq_http_request_duration_seconds_count{method="POST",route="/v1/appeals",status="201"}',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        'huquq_http_request_duration_seconds_count{method="GET",route="/v1/cases/:id",status="200"}',
      ),
    ).toBe(1);
    for (const projection of ['reports', 'follow-up-dispatcher', 'case-views']) {
      expect(sample(text, `huquq_projection_lag_seconds{projection="${projection}"}`)).toEqual(
        expect.any(Number),
      );
      expect(sample(text, `huquq_projection_parked_events{projection="${projection}"}`)).toBe(0);
    }
    expect(sample(text, 'huquq_projection_lag_events{projection="reports"}')).toEqual(expect.any(Number));
    expect(sample(text, 'huquq_follow_up_jobs{state="failed"}')).toBe(0);
    expect(sample(text, 'huquq_db_pool_connections{pool="owner",state="total"}')).toBeGreaterThan(0);
    expect(sample(text, 'huquq_db_pool_connections{pool="request_path",state="waiting"}')).toBe(0);
    expect(text).toContain('huquq_process_resident_memory_bytes');

    // Counts and templates only: no id, no organization, no person.
    for (const leak of [logged.body.caseId, logged.body.clientId, org.id, 'Рахимов', '?q=1'])
      expect(text).not.toContain(leak);
  });
});
