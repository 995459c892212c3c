import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@huquq/platform';
import { MasterKey } from '@huquq/privacy';
import { configError, productionEnv } from '../support/production-env';

const { HUQUQ_MASTER_KEY: _unused, NODE_ENV: _production, ...OTHER_SECRETS } = productionEnv();

describe('HUQUQ_MASTER_KEY in the configuration', () => {
  let secretsDir: string;
  const savedDir = process.env.HUQUQ_SECRETS_DIR;

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

  it('is required in production', () => {
    expect(configError({ NODE_ENV: 'production', ...OTHER_SECRETS })).toBe(
      'Invalid configuration:\n  HUQUQ_MASTER_KEY: required in production (32 random bytes, base64)',
    );
  });

  it('accepts 32 bytes in base64 (padded or not) or base64url, the same key MasterKey reads', () => {
    for (let i = 0; i < 50; i++) {
      const bytes = randomBytes(32);
      for (const text of [
        bytes.toString('base64'),
        bytes.toString('base64').replace(/=$/, ''),
        bytes.toString('base64url'),
      ]) {
        const config = loadConfig({ NODE_ENV: 'production', ...OTHER_SECRETS, HUQUQ_MASTER_KEY: text });
        expect(MasterKey.parse(config.HUQUQ_MASTER_KEY!).id).toBe(MasterKey.fromBytes(bytes).id);
      }
    }
  });

  it('refuses anything else with a message that names the variable and not the value', () => {
    const bad = [
      randomBytes(31).toString('base64'),
      randomBytes(33).toString('base64'),
      randomBytes(32).toString('hex'),
      'correct horse battery staple correct horse battery staple',
      randomBytes(32).toString('base64').slice(0, 42) + 'B=',
    ];
    for (const value of bad) {
      for (const name of ['HUQUQ_MASTER_KEY', 'HUQUQ_PREVIOUS_MASTER_KEY']) {
        const message = configError({
          NODE_ENV: 'production',
          ...OTHER_SECRETS,
          HUQUQ_MASTER_KEY: randomBytes(32).toString('base64'),
          [name]: value,
        });
        expect(message).toContain(`${name} must be exactly 32 random bytes in base64 or base64url`);
        expect(message).not.toContain(value.slice(0, 12));
      }
    }
  });

  it('is generated once for development, into the git-ignored secrets directory, and said so once', () => {
    const said = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const first = loadConfig({ NODE_ENV: 'development', ...OTHER_SECRETS });
    const second = loadConfig({ NODE_ENV: 'development', ...OTHER_SECRETS });

    expect(first.HUQUQ_MASTER_KEY).toBe(second.HUQUQ_MASTER_KEY);
    expect(MasterKey.parse(first.HUQUQ_MASTER_KEY!).id).toMatch(/^[0-9a-f]{16}$/);
    const file = join(secretsDir, 'huquq-master-key');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.HUQUQ_MASTER_KEY);
    expect(statSync(file).mode & 0o077).toBe(0);
    const messages = said.mock.calls
      .map(([text]) => String(text))
      .filter((text) => text.includes('master-key'));
    expect(messages).toHaveLength(1);
    expect(messages[0]).not.toContain(first.HUQUQ_MASTER_KEY!);
    expect(first.HUQUQ_PREVIOUS_MASTER_KEY).toBeUndefined();
  });
});
