import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const ROOT = join(__dirname, '../..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
// Draft-07, named by an https address ajv does not know by that name: validated as draft-07 without it.
const { $schema: _draft, ...schema } = JSON.parse(
  readFileSync(join(__dirname, 'compose-spec/compose-spec.json'), 'utf8'),
);

/** The follow-up worker's time to finish its running jobs on SIGTERM (libs/follow-ups, SHUTDOWN_GRACE_MS). */
const WORKER_DRAIN_SECONDS = 20;

/** Compose durations as they are written here: `45s`, `1m30s`. */
function seconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+)(h|m|s)/g)];
  if (parts.map((p) => p[0]).join('') !== duration) throw new Error(`not a duration: ${duration}`);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * { h: 3600, m: 60, s: 1 }[unit]!, 0);
}

/** No Docker engine runs where the tests do: the file is checked against the Compose Specification instead. */
describe('docker-compose.yml', () => {
  const validate = (file: unknown) => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    return { valid: ajv.validate(schema, file), errors: ajv.errors ?? [] };
  };

  it('is valid against the Compose Specification', () => {
    expect(validate(compose)).toEqual({ valid: true, errors: [] });
  });

  it('(the check refuses a mistyped key or a wrong type)', () => {
    const typo = structuredClone(compose);
    typo.services.worker.stop_grace_priod = '45s';
    expect(validate(typo).valid).toBe(false);
    const wrongType = structuredClone(compose);
    wrongType.services.redis.volumes = 'redisdata:/data';
    expect(validate(wrongType).valid).toBe(false);
  });

  it('builds the image and runs node itself under an init, never a shell or npm', () => {
    for (const name of ['api', 'worker']) {
      const service = compose.services[name];
      expect({ name, build: service.build, init: service.init }).toEqual({ name, build: '.', init: true });
      const command: string[] = service.command ?? ['node', 'dist/apps/api/src/main.js'];
      expect(command[0]).toBe('node');
    }
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(
      /^CMD \["node", "dist\/apps\/api\/src\/main\.js"\]$/m,
    );
  });

  it('gives the worker longer than its drain to stop, and the API its request drain', () => {
    expect(seconds(compose.services.worker.stop_grace_period)).toBeGreaterThan(WORKER_DRAIN_SECONDS + 10);
    expect(seconds(compose.services.api.stop_grace_period)).toBeGreaterThan(10);
  });

  it('checks health, keeps data in volumes, and keeps Redis append-only without eviction', () => {
    for (const name of ['postgres', 'redis', 'api'])
      expect(compose.services[name].healthcheck?.test).toBeDefined();
    expect(compose.services.postgres.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(compose.services.redis.volumes).toContain('redisdata:/data');
    expect(Object.keys(compose.volumes)).toEqual(['pgdata', 'redisdata']);
    const redis = compose.services.redis.command.join(' ');
    expect(redis).toContain('--appendonly yes');
    expect(redis).toContain('--maxmemory-policy noeviction');
    for (const name of ['api', 'worker']) {
      expect(compose.services[name].depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
  });

  it('takes every secret from the environment (.env), refusing to start without it', () => {
    const env = compose.services.api.environment;
    for (const secret of ['JWT_SECRET', 'BLIND_INDEX_KEY', 'HUQUQ_MASTER_KEY'])
      expect(env[secret]).toMatch(new RegExp(`^\\$\\{${secret}:\\?`));
    expect(env.DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
    expect(env.APP_DATABASE_URL).toContain('${APP_DB_PASSWORD:?');
    // The worker has the same environment (an anchor), but no need to listen.
    expect(compose.services.worker.environment).toEqual(
      Object.fromEntries(Object.entries(env).filter(([name]) => name !== 'HOST')),
    );
  });
});
