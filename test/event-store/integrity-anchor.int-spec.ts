import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCommand } from '../../apps/cli/src/commands';
import { PlainOutput } from '../../apps/cli/src/integrity-commands';
import { AnchorSchedule } from '@huquq/runtime/operations/integrity-anchors';
import {
  EventStore,
  IntegrityChecker,
  NewEvent,
  openAnchor,
  publicKeyFrom,
  takeAnchor,
} from '@huquq/event-store';
import { AppConfig, createLogger, Database, loadConfig, signingKeyFrom } from '@huquq/platform';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { configError, productionEnv } from '../support/production-env';

/**
 * Anchored history (docs/decisions/0019): a superuser with triggers off can rewrite a stream and
 * re-hash it into a self-consistent chain, or delete a stream or its last events, and the chain
 * alone still says valid. A signed anchor of every stream's head, kept elsewhere, says where.
 */

const ROOT = join(__dirname, '../..');

function newSigningKey(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

/** The environment of the CLI on the test's database: every secret given, nothing generated. */
function envFor(url: string, signingKey: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64url'),
    HUQUQ_MASTER_KEY: randomBytes(32).toString('base64'),
    INTEGRITY_SIGNING_KEY: signingKey,
  };
}

/** A case's history as the write path stores it; its third event closes it as released. */
function caseHistory(caseId: string): NewEvent[] {
  const lawyerId = randomUUID();
  return [
    {
      type: 'appeal-logged',
      data: {
        caseId,
        caseNumber: '2026-000001',
        appealType: 'deportation',
        channel: 'hotline',
        urgency: 'high',
      },
    },
    { type: 'case-assigned', data: { lawyerId, previousLawyerId: null } },
    { type: 'case-closed', data: { outcome: 'released', from: 'in_progress' } },
    { type: 'case-reopened', data: { reason: 'appeal to the regional court' } },
    { type: 'case-status-changed', data: { from: 'new', to: 'in_progress', reason: null } },
  ];
}

/** A superuser editing the table directly, every trigger off, in this test's database only. */
async function behindTheAppsBack(db: Database, statements: [string, unknown[]?][]): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    for (const [statement, values] of statements) await client.query(statement, values ?? []);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The forger's rewrite: the outcome of version 3 becomes "deported", then versions 3.. to the
 * end are linked and hashed again with the very SQL function the trigger uses, so the chain is
 * whole and self-consistent.
 */
async function rewriteOutcomeAndRehash(db: Database, streamId: string): Promise<void> {
  const { rows } = await db.query<{ head: number }>(
    'SELECT max(stream_version) AS head FROM events WHERE stream_id = $1',
    [streamId],
  );
  const rehash: [string, unknown[]][] = [];
  for (let version = 3; version <= rows[0].head; version++) {
    rehash.push([
      `UPDATE events e
       SET previous_hash = p.hash,
           hash = event_chain_hash(p.hash, e.global_position, e.stream_id, e.stream_version, e.event_id, e.type,
                                   e.schema_version, e.data, e.metadata, e.org_id, e.recorded_at, e.transaction_id)
       FROM events p
       WHERE e.stream_id = $1 AND e.stream_version = $2 AND p.stream_id = e.stream_id AND p.stream_version = $2 - 1`,
      [streamId, version],
    ]);
  }
  await behindTheAppsBack(db, [
    [
      `UPDATE events SET data = jsonb_set(data, '{outcome}', '"deported"')
       WHERE stream_id = $1 AND stream_version = 3`,
      [streamId],
    ],
    ...rehash,
  ]);
}

interface Verified {
  valid: boolean;
  problem: string | null;
  streamProblems?: {
    streamId: string;
    reason: string;
    version: number;
    position: number | null;
    problem: string;
  }[];
  logProblem?: string | null;
  anchor?: { refused: boolean };
  [key: string]: unknown;
}

describe('Signed integrity anchors', () => {
  let test: TestDatabase;
  let store: EventStore;
  let config: AppConfig;
  let dir: string;
  let publicKeyFile: string;
  const orgId = randomUUID();

  const cli = (...argv: string[]) => runCommand(config, argv);
  const verify = async (...argv: string[]) => (await cli('integrity:verify', ...argv)) as Verified;
  const anchorTo = async (name: string) => {
    const file = join(dir, name);
    await cli('integrity:anchor', '--out', file);
    return file;
  };
  const newCase = async () => {
    const caseId = randomUUID();
    await store.append(`case-${caseId}`, 0, caseHistory(caseId), { orgId });
    return `case-${caseId}`;
  };

  beforeAll(async () => {
    test = await createTestDatabase();
    store = new EventStore(test.db);
    config = loadConfig(envFor(test.url, newSigningKey()));
    dir = mkdtempSync(join(tmpdir(), 'huquq-anchors-'));
    publicKeyFile = join(dir, 'public.pem');
    writeFileSync(publicKeyFile, ((await cli('integrity:public-key')) as PlainOutput).text);
  });

  afterAll(async () => {
    await test.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every stream head, the log length, the time and an Ed25519 signature; no event data', async () => {
    const caseStream = await newCase();
    const clientStream = `client-${randomUUID()}`;
    await store.append(clientStream, 0, [{ type: 'client-registered', data: { fullName: 'sealed:…' } }], {
      orgId,
    });

    const summary = (await cli('integrity:anchor', '--out', join(dir, 'first.json'))) as Record<
      string,
      unknown
    >;
    const text = readFileSync(join(dir, 'first.json'), 'utf8');
    const contents = openAnchor(text, publicKeyFrom(readFileSync(publicKeyFile, 'utf8')));

    const { rows } = await test.db.query<{ stream_id: string; stream_version: number; hash: Buffer }>(
      `SELECT DISTINCT ON (stream_id) stream_id, stream_version, hash FROM events
       ORDER BY stream_id, stream_version DESC`,
    );
    expect(contents.streams).toEqual(
      rows
        .map((row) => ({
          streamId: row.stream_id,
          version: row.stream_version,
          hash: row.hash.toString('hex'),
        }))
        .sort((a, b) => (a.streamId < b.streamId ? -1 : 1)),
    );
    expect(contents.streams).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ streamId: caseStream, version: 5 }),
        expect.objectContaining({ streamId: clientStream, version: 1 }),
      ]),
    );
    const { rows: length } = await test.db.query<{ events: string; max: string }>(
      'SELECT count(*) AS events, max(global_position) AS max FROM events',
    );
    expect(contents.log).toEqual({
      events: Number(length[0].events),
      maxGlobalPosition: Number(length[0].max),
    });
    expect(Date.now() - Date.parse(contents.createdAt)).toBeLessThan(60_000);
    expect(contents.publicKeyFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(summary).toEqual({
      file: join(dir, 'first.json'),
      createdAt: contents.createdAt,
      streams: contents.streams.length,
      events: contents.log.events,
      maxGlobalPosition: contents.log.maxGlobalPosition,
      publicKeyFingerprint: contents.publicKeyFingerprint,
    });
    // Ids, versions, hashes and counts only: no event type, no event data, not even sealed.
    expect(text).not.toMatch(/released|case-closed|client-registered|sealed|2026-000001/);
    // An anchor is never written over.
    await expect(cli('integrity:anchor', '--out', join(dir, 'first.json'))).rejects.toThrow(
      /never written over/,
    );
  });

  it("names a case whose outcome was changed and the rest of its stream re-hashed; the chain alone can't", async () => {
    const forged = await newCase();
    const untouched = await newCase();
    const anchor = await anchorTo('before-rewrite.json');

    await rewriteOutcomeAndRehash(test.db, forged);

    const { rows } = await test.db.query<{ outcome: string }>(
      `SELECT data->>'outcome' AS outcome FROM events WHERE stream_id = $1 AND stream_version = 3`,
      [forged],
    );
    expect(rows[0].outcome).toBe('deported');
    // The gap this closes: the chain is whole, so integrity:verify alone says valid.
    expect(await verify()).toMatchObject({ valid: true, badStreams: 0 });

    const result = await verify('--anchor', anchor, '--public-key', publicKeyFile);
    expect(result).toMatchObject({ valid: false, badStreams: 1, firstBadStreamId: forged, logProblem: null });
    expect(result.streamProblems).toEqual([
      {
        streamId: forged,
        reason: 'rewritten',
        version: 5,
        position: expect.any(Number),
        problem: `stream ${forged}: version 5 no longer has the anchored hash: the stream was changed at or before it and re-hashed`,
      },
    ]);
    expect(result.streamProblems!.map((p) => p.streamId)).not.toContain(untouched);
    await restoreCleanStore();
  });

  it('names a whole stream deleted, and the log as shorter than anchored', async () => {
    const deleted = await newCase();
    await newCase();
    const anchor = await anchorTo('before-delete.json');

    await behindTheAppsBack(test.db, [['DELETE FROM events WHERE stream_id = $1', [deleted]]]);

    expect(await verify()).toMatchObject({ valid: true });
    const result = await verify('--anchor', anchor, '--public-key', publicKeyFile);
    expect(result.valid).toBe(false);
    expect(result.streamProblems).toEqual([
      {
        streamId: deleted,
        reason: 'deleted',
        version: 5,
        position: null,
        problem: `stream ${deleted}: version 5 was anchored but the stream has no event any more: deleted`,
      },
    ]);
    expect(result.logProblem).toMatch(
      /^the log is shorter than anchored: it holds \d+ events, the anchor \d+$/,
    );
    await restoreCleanStore();
  });

  it('names a stream whose last events were deleted as truncated', async () => {
    const truncated = await newCase();
    const anchor = await anchorTo('before-truncate.json');

    await behindTheAppsBack(test.db, [
      ['DELETE FROM events WHERE stream_id = $1 AND stream_version >= 4', [truncated]],
    ]);

    expect(await verify()).toMatchObject({ valid: true });
    const result = await verify('--anchor', anchor, '--public-key', publicKeyFile);
    expect(result.valid).toBe(false);
    expect(result.streamProblems).toEqual([
      {
        streamId: truncated,
        reason: 'truncated',
        version: 5,
        position: null,
        problem: `stream ${truncated}: version 5 was anchored but is gone: the stream ends at version 3`,
      },
    ]);
    await restoreCleanStore();
  });

  it('names every bad stream at once, each with its reason', async () => {
    const [rewritten, deleted, truncated, broken] = [
      await newCase(),
      await newCase(),
      await newCase(),
      await newCase(),
    ];
    const anchor = await anchorTo('before-all.json');

    await rewriteOutcomeAndRehash(test.db, rewritten);
    await behindTheAppsBack(test.db, [
      ['DELETE FROM events WHERE stream_id = $1', [deleted]],
      ['DELETE FROM events WHERE stream_id = $1 AND stream_version = 5', [truncated]],
      [
        `UPDATE events SET data = '{"outcome": "deported"}' WHERE stream_id = $1 AND stream_version = 3`,
        [broken],
      ],
    ]);

    const result = await verify('--anchor', anchor, '--public-key', publicKeyFile);
    expect(result).toMatchObject({ valid: false, badStreams: 4 });
    expect(Object.fromEntries(result.streamProblems!.map((p) => [p.streamId, p.reason]))).toEqual({
      [rewritten]: 'rewritten',
      [deleted]: 'deleted',
      [truncated]: 'truncated',
      [broken]: 'chain-broken',
    });
    await restoreCleanStore();
  });

  it('refuses an altered anchor, a forged one and a wrong public key, and believes nothing in them', async () => {
    const stream = await newCase();
    const anchor = await anchorTo('genuine.json');
    const text = readFileSync(anchor, 'utf8');
    const entry = JSON.parse(text).anchor.streams.find((s: { streamId: string }) => s.streamId === stream);

    // Altered: the forger lowers the anchored version of the stream they mean to cut short.
    const altered = join(dir, 'altered.json');
    writeFileSync(
      altered,
      text.replace(`"streamId":"${stream}","version":5`, `"streamId":"${stream}","version":3`),
    );
    expect(readFileSync(altered, 'utf8')).not.toBe(text);
    // Forged: a whole new anchor signed by another key, naming ours.
    const otherKey = signingKeyFrom(newSigningKey());
    const forgedAnchor = await takeAnchor(test.db, otherKey);
    const forged = join(dir, 'forged.json');
    writeFileSync(
      forged,
      forgedAnchor.text.replace(
        forgedAnchor.contents.publicKeyFingerprint,
        JSON.parse(text).anchor.publicKeyFingerprint,
      ),
    );
    // Not even an anchor.
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '{"anchor": {}, "signature": {"algorithm": "none", "value": ""}}');
    // The right anchor, another public key.
    const otherPublic = join(dir, 'other-public.pem');
    writeFileSync(
      otherPublic,
      (
        (await runCommand({ ...config, INTEGRITY_SIGNING_KEY: newSigningKey() } as AppConfig, [
          'integrity:public-key',
        ])) as PlainOutput
      ).text,
    );

    for (const [file, key, problem] of [
      [
        altered,
        publicKeyFile,
        /does not verify with public key sha256:[0-9a-f]{64}: the anchor was altered or forged/,
      ],
      [forged, publicKeyFile, /the anchor was altered or forged/],
      [junk, publicKeyFile, /not a huquq integrity anchor/],
      [
        anchor,
        otherPublic,
        /does not verify with public key sha256:[0-9a-f]{64}; it names key sha256:[0-9a-f]{64}: a wrong public key, or a forged anchor/,
      ],
    ] as const) {
      const result = await verify('--anchor', file, '--public-key', key);
      expect(result).toEqual({
        valid: false,
        anchor: expect.objectContaining({ file, refused: true, publicKeyFrom: key }),
        problem: expect.stringMatching(problem),
      });
      // Refused before the log is read: no stream is judged by an anchor that is not trusted.
      expect(result.streamProblems).toBeUndefined();
    }

    // The genuine one still verifies, with the public key kept apart or the server's own key.
    expect(entry.version).toBe(5);
    expect(await verify('--anchor', anchor, '--public-key', publicKeyFile)).toMatchObject({ valid: true });
    expect(await verify('--anchor', anchor)).toMatchObject({
      valid: true,
      anchor: {
        refused: false,
        publicKeyFrom: 'INTEGRITY_SIGNING_KEY',
        note: expect.stringMatching(/--public-key/),
      },
    });
    // White space does not matter: the signature is over canonical JSON of the contents.
    const pretty = join(dir, 'pretty.json');
    writeFileSync(pretty, JSON.stringify(JSON.parse(text), null, 2));
    expect(await verify('--anchor', pretty, '--public-key', publicKeyFile)).toMatchObject({ valid: true });
  });

  it('accepts events appended after the anchor, and still checks their chain', async () => {
    const grown = await newCase();
    const anchor = await anchorTo('before-growth.json');

    await store.append(grown, 5, [{ type: 'note-added', data: { noteId: randomUUID(), text: 'sealed' } }], {
      orgId,
    });
    const newer = await newCase();

    const result = await verify('--anchor', anchor, '--public-key', publicKeyFile);
    expect(result).toMatchObject({ valid: true, badStreams: 0, logProblem: null, streamProblems: [] });
    expect((result.log as { events: number }).events).toBeGreaterThan(
      JSON.parse(readFileSync(anchor, 'utf8')).anchor.log.events,
    );

    // An event appended after the anchor and edited later breaks its chain as it always did.
    await behindTheAppsBack(test.db, [
      [
        `UPDATE events SET data = '{"outcome": "deported"}' WHERE stream_id = $1 AND stream_version = 3`,
        [newer],
      ],
    ]);
    const tampered = await verify('--anchor', anchor, '--public-key', publicKeyFile);
    expect(tampered.valid).toBe(false);
    expect(tampered.streamProblems).toEqual([
      expect.objectContaining({ streamId: newer, reason: 'chain-broken', version: 3 }),
    ]);
    await restoreCleanStore();
  });

  it('prints the public key, writes an anchor to stdout, and exits 2 on a bad anchor, as a process', async () => {
    const env = { ...process.env, ...envFor(test.url, config.INTEGRITY_SIGNING_KEY!) };
    const run = (...argv: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [
            '-r',
            join(ROOT, 'test/follow-ups/support/ts-register.cjs'),
            join(ROOT, 'apps/cli/src/main.ts'),
            ...argv,
          ],
          { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });

    const victim = await newCase();
    // Both at once: each process compiles the sources on its own, which takes a while.
    const [key, anchored] = await Promise.all([run('integrity:public-key'), run('integrity:anchor')]);
    expect(key).toMatchObject({ code: 0, stdout: readFileSync(publicKeyFile, 'utf8') });
    expect(key.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);

    expect(anchored.code).toBe(0);
    const summary = JSON.parse(anchored.stderr.trim().split('\n').pop()!);
    const contents = openAnchor(anchored.stdout, publicKeyFrom(key.stdout));
    expect(contents.streams).toEqual([expect.objectContaining({ streamId: victim, version: 5 })]);
    expect(summary).toEqual({
      createdAt: contents.createdAt,
      streams: contents.streams.length,
      events: contents.log.events,
      maxGlobalPosition: contents.log.maxGlobalPosition,
      publicKeyFingerprint: contents.publicKeyFingerprint,
    });

    const file = join(dir, 'from-stdout.json');
    writeFileSync(file, anchored.stdout);
    await behindTheAppsBack(test.db, [['DELETE FROM events WHERE stream_id = $1', [victim]]]);
    const bad = await run('integrity:verify', '--anchor', file, '--public-key', publicKeyFile);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).streamProblems).toEqual([
      expect.objectContaining({ streamId: victim, reason: 'deleted' }),
    ]);
    await restoreCleanStore();
  }, 120_000);

  /** Each case above tampers with streams of its own; the next starts from a log that verifies. */
  async function restoreCleanStore(): Promise<void> {
    await behindTheAppsBack(test.db, [['DELETE FROM events']]);
    expect(await verify()).toMatchObject({ valid: true, events: 0 });
  }
});

describe('Anchors of 100,000 streams', () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createTestDatabase();
    // 100,000 streams of one event and 100 of five, written by the trigger like any append.
    await test.db.query(
      `INSERT INTO events (stream_id, stream_version, event_id, type, data, metadata)
       SELECT 'case-' || gen_random_uuid(), 1, gen_random_uuid(), 'appeal-logged', '{}', '{}'
       FROM generate_series(1, 100000)`,
    );
    await test.db.query(
      `INSERT INTO events (stream_id, stream_version, event_id, type, data, metadata)
       SELECT stream_id, v, gen_random_uuid(), 'note-added', '{}', '{}'
       FROM (SELECT stream_id FROM events ORDER BY stream_id LIMIT 100) s, generate_series(2, 5) v
       ORDER BY stream_id, v`,
    );
    await test.db.query('ANALYZE events');
  }, 180_000);

  afterAll(async () => {
    await test.drop();
  });

  it('anchors every stream in one ordered pass and verifies against it', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const anchor = await takeAnchor(test.db, privateKey);
    expect(anchor.contents.streams).toHaveLength(100_000);
    expect(anchor.contents.log.events).toBe(100_400);
    expect(anchor.contents.streams.filter((s) => s.version === 5)).toHaveLength(100);

    const contents = openAnchor(anchor.text, publicKey);
    const victim = contents.streams[54_321].streamId;
    await behindTheAppsBack(test.db, [['DELETE FROM events WHERE stream_id = $1', [victim]]]);

    const result = await new IntegrityChecker(test.db).verifyAnchored(contents);
    expect(result).toMatchObject({ valid: false, streams: 99_999, anchoredStreams: 100_000, badStreams: 1 });
    expect(result.streamProblems).toEqual([expect.objectContaining({ streamId: victim, reason: 'deleted' })]);
  }, 180_000);
});

describe('Scheduled anchors', () => {
  let test: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    await new EventStore(test.db).append(`case-${randomUUID()}`, 0, caseHistory(randomUUID()));
    dir = mkdtempSync(join(tmpdir(), 'huquq-scheduled-anchors-'));
  });

  afterAll(async () => {
    await test.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one at start and on each tick under its time, keeps the newest N, logs counts and the name', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    let logged = '';
    const sink = new PassThrough();
    sink.on('data', (chunk) => (logged += chunk.toString()));
    const schedule = new AnchorSchedule(
      test.db,
      privateKey,
      { dir, everyMs: 3_600_000, keep: 2 },
      createLogger('info', sink),
    );
    const anchorsIn = () =>
      readdirSync(dir)
        .filter((name) => name.endsWith('.json'))
        .sort();

    schedule.start();
    await waitFor(() => anchorsIn().length === 1, { what: 'the first anchor' });
    await schedule.stop();
    const written = [anchorsIn()[0]];
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      written.push(await schedule.anchorNow());
    }

    expect(written.every((name) => /^anchor-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.json$/.test(name))).toBe(
      true,
    );
    expect(anchorsIn()).toEqual(written.slice(-2));
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
    for (const name of anchorsIn()) {
      const contents = openAnchor(readFileSync(join(dir, name), 'utf8'), publicKey);
      expect(name).toBe(`anchor-${contents.createdAt.replace(/[:.]/g, '-')}.json`);
      expect(contents.streams).toHaveLength(1);
    }
    const lines = logged
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      const { level, time, service, msg, ...rest } = line;
      expect({ level, service, msg, time: typeof time }).toEqual({
        level: 30,
        service: 'huquq',
        msg: 'integrity anchor written',
        time: 'string',
      });
      expect(Object.keys(rest).sort()).toEqual(['anchorFile', 'events', 'removedAnchors', 'streams']);
    }
    expect(lines.map((line) => line.removedAnchors)).toEqual([0, 0, 1, 1]);
  });

  it('is started by the worker when INTEGRITY_ANCHOR_DIR is set', async () => {
    const workerDir = join(dir, 'worker');
    const signingKey = newSigningKey();
    const app = await startTestApp({
      INTEGRITY_ANCHOR_DIR: workerDir,
      INTEGRITY_SIGNING_KEY: signingKey,
      HUQUQ_MASTER_KEY: randomBytes(32).toString('base64'),
    });
    try {
      const names = await waitFor<string[] | undefined>(
        () => {
          try {
            const names = readdirSync(workerDir).filter((n) => n.endsWith('.json'));
            return names.length > 0 ? names : undefined;
          } catch {
            return undefined;
          }
        },
        { timeoutMs: 20_000, what: 'a scheduled anchor' },
      );
      const name = names![0];
      const publicKey = createPublicKey(signingKeyFrom(signingKey));
      expect(openAnchor(readFileSync(join(workerDir, name), 'utf8'), publicKey).format).toBe(
        'huquq-integrity-anchor-1',
      );
      await waitFor(() => app.logs().includes(name), { what: 'the log line' });
      expect(app.logs()).toContain('"msg":"integrity anchor written"');
    } finally {
      await app.close();
    }
    expect(statSync(workerDir).isDirectory()).toBe(true);
  }, 60_000);
});

describe('INTEGRITY_SIGNING_KEY in the configuration', () => {
  let secretsDir: string;
  const savedDir = process.env.HUQUQ_SECRETS_DIR;
  const production = productionEnv();

  beforeEach(() => {
    secretsDir = mkdtempSync(join(tmpdir(), 'huquq-secrets-'));
    process.env.HUQUQ_SECRETS_DIR = secretsDir;
  });

  afterEach(() => {
    rmSync(secretsDir, { recursive: true, force: true });
    if (savedDir === undefined) delete process.env.HUQUQ_SECRETS_DIR;
    else process.env.HUQUQ_SECRETS_DIR = savedDir;
    jest.restoreAllMocks();
  });

  it('is generated once for development, into the secrets directory, and never printed', () => {
    const said = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const first = loadConfig({ ...production, NODE_ENV: 'development' });
    const second = loadConfig({ ...production, NODE_ENV: 'development' });
    expect(first.INTEGRITY_SIGNING_KEY).toBe(second.INTEGRITY_SIGNING_KEY);
    expect(signingKeyFrom(first.INTEGRITY_SIGNING_KEY!).asymmetricKeyType).toBe('ed25519');
    const file = join(secretsDir, 'integrity-signing-key');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.INTEGRITY_SIGNING_KEY);
    expect(statSync(file).mode & 0o077).toBe(0);
    const messages = said.mock.calls
      .map(([text]) => String(text))
      .filter((t) => t.includes('integrity-signing-key'));
    expect(messages).toHaveLength(1);
    expect(messages[0]).not.toContain(first.INTEGRITY_SIGNING_KEY!);
  });

  it('reads PKCS#8 PEM or base64 DER; refuses anything else without echoing it', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    for (const key of [pem, der]) {
      expect(loadConfig({ ...production, INTEGRITY_SIGNING_KEY: key }).INTEGRITY_SIGNING_KEY).toBe(key);
    }
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    });
    for (const bad of [randomBytes(32).toString('base64'), rsa.toString(), 'not a key at all, clearly']) {
      const message = configError({ ...production, INTEGRITY_SIGNING_KEY: bad });
      expect(message).toContain('INTEGRITY_SIGNING_KEY must be an Ed25519 private key');
      expect(message).not.toContain(bad.slice(0, 12));
    }
  });

  it('is required in production where anchors are scheduled, and only there', () => {
    expect(configError({ ...production, INTEGRITY_ANCHOR_DIR: '/var/lib/huquq/anchors' })).toBe(
      'Invalid configuration:\n  INTEGRITY_SIGNING_KEY: required in production when INTEGRITY_ANCHOR_DIR is set ' +
        '(an Ed25519 private key, PKCS#8 PEM or DER in base64)',
    );
    const config = loadConfig(production);
    expect(config.INTEGRITY_SIGNING_KEY).toBeUndefined();
    expect(config).toMatchObject({ INTEGRITY_ANCHOR_EVERY_MINUTES: 60, INTEGRITY_ANCHOR_KEEP: 48 });
    expect(readdirSync(secretsDir)).toEqual([]);
  });
});
