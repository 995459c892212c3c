import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OperatorCredentials } from '@huquq/identity';
import { ConfigError, loadConfig } from '@huquq/platform';
import { productionEnv } from '../support/production-env';

const { NODE_ENV: _production, ...SECRETS } = productionEnv();

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe("the operators' credential", () => {
  const token = randomBytes(32).toString('base64url');
  const operators = new OperatorCredentials(token);

  it('takes HTTP Basic operator:<token> (a browser) and Bearer <token> (a tool)', () => {
    expect(operators.enabled).toBe(true);
    expect(operators.accepts(basic('operator', token))).toBe(true);
    expect(operators.accepts(`basic   ${Buffer.from(`operator:${token}`).toString('base64')}`)).toBe(true);
    expect(operators.accepts(`Bearer ${token}`)).toBe(true);
  });

  it('refuses anything else: another user, another token, a prefix of it, no scheme, nothing', () => {
    for (const header of [
      undefined,
      '',
      token,
      basic('admin', token),
      basic('operator', `${token}x`),
      basic('operator', token.slice(0, -1)),
      basic('operator', ''),
      basic('', token),
      `Basic ${Buffer.from(`operator${token}`).toString('base64')}`,
      'Basic !!!',
      `Bearer ${token.slice(0, -1)}`,
      `Bearer ${token}x`,
      `Token ${token}`,
    ]) {
      expect([header, operators.accepts(header)]).toEqual([header, false]);
    }
  });

  it('has no operators at all without OPERATOR_TOKEN', () => {
    const none = new OperatorCredentials(undefined);
    expect(none.enabled).toBe(false);
    expect(none.accepts(basic('operator', ''))).toBe(false);
    expect(none.accepts('Bearer ')).toBe(false);
  });
});

describe('OPERATOR_TOKEN and OPERATOR_WRITE in the configuration', () => {
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

  it('is optional in production and in tests: unset or empty means no operator routes', () => {
    expect(loadConfig({ NODE_ENV: 'production', ...SECRETS }).OPERATOR_TOKEN).toBeUndefined();
    expect(
      loadConfig({ NODE_ENV: 'production', ...SECRETS, OPERATOR_TOKEN: '' }).OPERATOR_TOKEN,
    ).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'test', ...SECRETS }).OPERATOR_TOKEN).toBeUndefined();
  });

  it('is generated once for development, into the development secrets directory, never printed', () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const token = loadConfig({ NODE_ENV: 'development', ...SECRETS }).OPERATOR_TOKEN!;
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(secretsDir, 'operator-token'), 'utf8').trim()).toBe(token);
    expect(loadConfig({ NODE_ENV: 'development', ...SECRETS }).OPERATOR_TOKEN).toBe(token);
    expect(stderr.mock.calls.join('')).not.toContain(token);
  });

  it('refuses a short token, and keeps Bull Board read-only unless OPERATOR_WRITE is true', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...SECRETS, OPERATOR_TOKEN: 'too short' })).toThrow(
      new ConfigError(
        'Invalid configuration:\n  OPERATOR_TOKEN: OPERATOR_TOKEN must be at least 32 characters',
      ),
    );
    expect(loadConfig({ NODE_ENV: 'production', ...SECRETS }).OPERATOR_WRITE).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ...SECRETS, OPERATOR_WRITE: 'false' }).OPERATOR_WRITE).toBe(
      false,
    );
    expect(loadConfig({ NODE_ENV: 'production', ...SECRETS, OPERATOR_WRITE: 'true' }).OPERATOR_WRITE).toBe(
      true,
    );
  });
});
