import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, generateSigningKey, loadConfig } from '@huquq/platform';
import { configError, productionEnv, randomSecret } from '../support/production-env';
import { appealBody, bearer, startTestApp } from '../support/test-app';
import { freshDatabaseUrl } from '../support/test-database';

const SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

/** Finding 2: production started with weak, shared secrets, or without NODE_ENV at all. */
describe('production refuses bad secrets', () => {
  it('starts with random, different secrets of the right length', () => {
    const env = {
      ...productionEnv(),
      OPERATOR_TOKEN: randomSecret(),
      INTEGRITY_SIGNING_KEY: generateSigningKey(),
    };
    expect(loadConfig(env).NODE_ENV).toBe('production');
  });

  it.each([
    ['JWT_SECRET', 'a'.repeat(32)],
    ['JWT_SECRET', 'abcdefghijklmnopqrstuvwxyz012345'],
    ['BLIND_INDEX_KEY', 'passwordpasswordpasswordpassword'],
    ['HUQUQ_MASTER_KEY', Buffer.alloc(32).toString('base64')],
    ['OPERATOR_TOKEN', '0123456789'.repeat(4)],
  ])('refuses a %s that does not look random, naming it and never its value', (name, value) => {
    const message = configError({ ...productionEnv(), [name]: value });
    expect(message).toContain(`${name}: does not look random`);
    expect(message).not.toContain(value);
  });

  it('refuses a database password that does not look random, the app role’s included', () => {
    const env = productionEnv();
    const app = new URL(env.APP_DATABASE_URL);
    app.password = 'huquq'.repeat(6);
    const owner = new URL(`${SERVER}/huquq`);
    owner.password = 'secret'.repeat(5);
    const message = configError({ ...env, APP_DATABASE_URL: app.toString(), DATABASE_URL: owner.toString() });
    expect(message).toContain("DATABASE_URL's password: does not look random");
    expect(message).toContain("APP_DATABASE_URL's password: does not look random");
    expect(message).not.toContain('huquqhuquq');
  });

  it('refuses an app role without a password, and requires one in production', () => {
    const env = productionEnv();
    const app = new URL(env.APP_DATABASE_URL);
    app.password = '';
    expect(configError({ ...env, APP_DATABASE_URL: app.toString() })).toContain('APP_DATABASE_URL must be');
    const { APP_DATABASE_URL: _none, ...withoutAppRole } = env;
    expect(configError(withoutAppRole)).toContain('APP_DATABASE_URL: required in production');
  });

  it('refuses two settings sharing one value, even written differently (base64 and base64url)', () => {
    const bytes = randomBytes(32);
    const env = {
      ...productionEnv(),
      JWT_SECRET: bytes.toString('base64url'),
      HUQUQ_MASTER_KEY: bytes.toString('base64'),
    };
    const message = configError(env);
    expect(message).toContain('HUQUQ_MASTER_KEY: the same value as JWT_SECRET');
    expect(message).not.toContain(bytes.toString('base64url'));
    const same = randomSecret();
    expect(configError({ ...productionEnv(), BLIND_INDEX_KEY: same, OPERATOR_TOKEN: same })).toContain(
      'OPERATOR_TOKEN: the same value as BLIND_INDEX_KEY',
    );
  });
});

describe('NODE_ENV', () => {
  let stderr: jest.SpyInstance;
  let secretsDir: string;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    secretsDir = mkdtempSync(join(tmpdir(), 'huquq-secrets-'));
  });
  afterEach(() => {
    stderr.mockRestore();
    rmSync(secretsDir, { recursive: true, force: true });
  });

  it('unset is refused, naming it (as `node dist/…` without NODE_ENV)', () => {
    const message = configError({ ...productionEnv(), NODE_ENV: undefined, HUQUQ_SECRETS_DIR: secretsDir });
    expect(message).toContain('NODE_ENV: not set');
    expect(readdirOrNothing(secretsDir)).toEqual([]);
  });

  it('unset is development only under the npm scripts, which say so loudly', () => {
    const config = loadConfig({ HUQUQ_DEVELOPMENT_DEFAULT: 'npm', HUQUQ_SECRETS_DIR: secretsDir });
    expect(config.NODE_ENV).toBe('development');
    expect(stderr.mock.calls.join('')).toContain('huquq runs in DEVELOPMENT mode');
    const scripts = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).scripts;
    for (const script of ['start', 'start:worker', 'cli', 'demo']) {
      expect([script, scripts[script]]).toEqual([
        script,
        expect.stringContaining('HUQUQ_DEVELOPMENT_DEFAULT=npm '),
      ]);
    }
  });
});

function readdirOrNothing(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('development secrets live in one absolute place', () => {
  const savedCwd = process.cwd();
  let home: string;
  let here: string;
  let there: string;
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'huquq-xdg-'));
    here = mkdtempSync(join(tmpdir(), 'huquq-here-'));
    there = mkdtempSync(join(tmpdir(), 'huquq-there-'));
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    process.chdir(savedCwd);
    stderr.mockRestore();
    for (const dir of [home, here, there]) rmSync(dir, { recursive: true, force: true });
  });

  it('started from another directory, the service reuses the same secrets; nothing is written where it starts', () => {
    // No HUQUQ_SECRETS_DIR: the default place, under XDG_DATA_HOME, by database.
    const env = {
      NODE_ENV: 'development',
      XDG_DATA_HOME: home,
      HUQUQ_SECRETS_DIR: '',
      DATABASE_URL: `${SERVER}/huquq_dev_here`,
    };
    process.chdir(here);
    const first = loadConfig(env);
    process.chdir(there);
    const second = loadConfig(env);
    expect(second.HUQUQ_MASTER_KEY).toBe(first.HUQUQ_MASTER_KEY);
    expect(second.JWT_SECRET).toBe(first.JWT_SECRET);
    expect(second.APP_DATABASE_URL).toBe(first.APP_DATABASE_URL);
    expect(readFileSync(join(home, 'huquq', 'huquq_dev_here', 'huquq-master-key'), 'utf8').trim()).toBe(
      first.HUQUQ_MASTER_KEY,
    );
    expect(readdirOrNothing(here)).toEqual([]);
    expect(readdirOrNothing(there)).toEqual([]);
    // Another database on the same machine is another installation: secrets of its own.
    const other = loadConfig({ ...env, DATABASE_URL: `${SERVER}/huquq_dev_other` });
    expect(other.HUQUQ_MASTER_KEY).not.toBe(first.HUQUQ_MASTER_KEY);
  });

  it('refuses a relative HUQUQ_SECRETS_DIR', () => {
    expect(configError({ NODE_ENV: 'development', HUQUQ_SECRETS_DIR: '.secrets' })).toContain(
      'HUQUQ_SECRETS_DIR must be an absolute path',
    );
  });
});

describe('the master key this database was created with', () => {
  it('refuses to start with another key, naming the problem, and starts again with the right one', async () => {
    const url = freshDatabaseUrl();
    const original = randomBytes(32).toString('base64');
    try {
      const first = await startTestApp({ HUQUQ_MASTER_KEY: original }, { databaseUrl: url });
      const org = await first.createOrg();
      await first.http.post('/v1/appeals').set(bearer(org.users.intake.token)).send(appealBody()).expect(201);
      await first.close();

      await expect(
        startTestApp({ HUQUQ_MASTER_KEY: randomBytes(32).toString('base64') }, { databaseUrl: url }),
      ).rejects.toThrow(
        'HUQUQ_MASTER_KEY: the master key differs from the one this database was created with',
      );
      const again = await startTestApp({ HUQUQ_MASTER_KEY: original }, { databaseUrl: url });
      await again.close();
    } finally {
      await dropDatabase(url);
    }
  });
});

describe('the app role in production', () => {
  it('refuses a superuser as the request path’s role, naming APP_DATABASE_URL', async () => {
    const url = freshDatabaseUrl();
    const database = new URL(url).pathname.slice(1);
    const superuser = `huquq_su_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: `${SERVER}/postgres` });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${superuser} LOGIN SUPERUSER`);
      const env = productionEnv(database);
      const app = new URL(env.APP_DATABASE_URL);
      app.username = superuser;
      await expect(
        startTestApp({ ...env, APP_DATABASE_URL: app.toString() }, { databaseUrl: url }),
      ).rejects.toThrow(/APP_DATABASE_URL: its role is a superuser/);
      // Refused before anything was granted to it or its password set.
      const { rows } = await admin.query(
        'SELECT rolpassword IS NULL AS none FROM pg_authid WHERE rolname = $1',
        [superuser],
      );
      expect(rows[0].none).toBe(true);
    } finally {
      await dropDatabase(url);
      await admin.query(`DROP ROLE IF EXISTS ${superuser}`);
      await admin.end();
    }
  });
});
