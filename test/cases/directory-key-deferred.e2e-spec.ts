import { EventStore, Projection, ProjectionRunner } from '@huquq/event-store';
import { deferKeys, restoreDeferredIndexes } from '@huquq/event-store/projections/deferred-indexes';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';

const KEY = `SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
             WHERE conrelid = 'client_match_keys'::regclass AND contype IN ('p', 'u')`;
const ENTRIES = 'SELECT org_id, match_key, client_id FROM client_match_keys ORDER BY org_id, match_key, client_id';

/**
 * A full rebuild fills the client directory's blind-index entries with no primary key and adds it
 * after the replay (docs/decisions/0153). The key must come back as the migrations made it, and
 * the copies a running API writes meanwhile must end as one row each.
 */
describe('the directory key a rebuild builds last', () => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await startTestApp();
    org = await t.createOrg();
  });
  afterAll(() => t.close());

  async function register(n: number, from: number) {
    for (let i = from; i < from + n; i++)
      await t.http
        .post('/v1/appeals')
        .set(bearer(org.users.intake.token))
        .send(
          appealBody({
            client: {
              fullName: `Рахимов Фаррух ${String.fromCharCode(0x410 + i)}`,
              nationality: 'TJ',
              phone: `+7916123${String(4000 + i)}`,
              passportNumber: `4001${String(10000 + i)}`,
              dateOfBirth: '1995-04-02',
              language: 'tg',
            },
          }),
        )
        .expect(201);
  }

  /** The client directory as the service runs it, and a projection that looks at the catalog as it replays. */
  function runnerWatching(onReplay: (keyPresent: boolean) => Promise<void> | void) {
    const app = t.app.get(ProjectionRunner, { strict: false });
    const directory = app.projections.find((p) => p.name === 'client-directory')!;
    const watcher: Projection = {
      name: 'key-watcher',
      eventTypes: ['client-registered'],
      async apply(sql) {
        const { rows } = await sql.query<{ present: boolean }>(
          "SELECT to_regclass('client_match_keys_pkey') IS NOT NULL AS present",
        );
        await onReplay(rows[0].present);
      },
      async reset() {},
    };
    return new ProjectionRunner(t.db, new EventStore(t.db), null, [directory, watcher]);
  }

  it('replays with no key, then adds it back with its name and definition', async () => {
    await register(4, 0);
    const key = (await t.db.query(KEY)).rows;
    expect(key).toEqual([{ conname: 'client_match_keys_pkey', definition: expect.stringMatching(/^PRIMARY KEY/) }]);
    const before = (await t.db.query(ENTRIES)).rows;
    expect(before.length).toBeGreaterThan(4);

    const seen: boolean[] = [];
    await runnerWatching((present) => void seen.push(present)).rebuild();

    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([false]));
    expect((await t.db.query(KEY)).rows).toEqual(key);
    expect((await t.db.query(ENTRIES)).rows).toEqual(before);
    expect((await t.db.query('SELECT * FROM projection_deferred_indexes')).rows).toEqual([]);
  });

  it('keeps one row of each entry the API wrote again during the replay', async () => {
    const key = (await t.db.query(KEY)).rows;
    const before = (await t.db.query(ENTRIES)).rows;
    let copied = false;
    // What a running API's inline writes leave: entries of events the replay then applies again.
    await runnerWatching(async () => {
      if (copied) return;
      copied = true;
      await t.db.query(
        `INSERT INTO client_match_keys (org_id, match_key, client_id)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[])`,
        [before.map((r) => r.org_id), before.map((r) => r.match_key), before.map((r) => r.client_id)],
      );
    }).rebuild();

    expect(copied).toBe(true);
    expect((await t.db.query(KEY)).rows).toEqual(key);
    expect((await t.db.query(ENTRIES)).rows).toEqual(before);
  });

  it('makes copies written while the key is deferred one row each when it is restored', async () => {
    const key = (await t.db.query(KEY)).rows;
    const before = (await t.db.query(ENTRIES)).rows;
    await t.db.transaction((tx) => deferKeys(tx, ['client_match_keys_pkey']));
    expect((await t.db.query(KEY)).rows).toEqual([]);
    await t.db.query(
      `INSERT INTO client_match_keys SELECT * FROM client_match_keys;
       INSERT INTO client_match_keys SELECT * FROM client_match_keys WHERE match_key < 'm'`,
    );

    expect(await restoreDeferredIndexes(t.db)).toEqual(['client_match_keys_pkey']);

    expect((await t.db.query(KEY)).rows).toEqual(key);
    expect((await t.db.query(ENTRIES)).rows).toEqual(before);
    expect((await t.db.query('SELECT * FROM projection_deferred_indexes')).rows).toEqual([]);
  });

  it('finishes a rebuild cut off before the key was back, and the service registers meanwhile', async () => {
    const key = (await t.db.query(KEY)).rows;
    // Cut off after the reset: the key gone, its record kept; the service goes on registering.
    await t.db.transaction((tx) => deferKeys(tx, ['client_match_keys_pkey']));
    await register(2, 10);
    const before = (await t.db.query(ENTRIES)).rows;
    await t.db.query('INSERT INTO client_match_keys SELECT * FROM client_match_keys');

    // What the next rebuild does first.
    expect(await restoreDeferredIndexes(t.db)).toEqual(['client_match_keys_pkey']);

    expect((await t.db.query(KEY)).rows).toEqual(key);
    expect((await t.db.query(ENTRIES)).rows).toEqual(before);
    expect((await t.db.query('SELECT * FROM projection_deferred_indexes')).rows).toEqual([]);
    await runnerWatching(() => undefined).rebuild();
    expect((await t.db.query(ENTRIES)).rows).toEqual(before);
  });
});
