import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '@huquq/platform';
import { productionEnv } from '../support/production-env';

const SECRETS = {
  JWT_SECRET: randomBytes(32).toString('base64url'),
  BLIND_INDEX_KEY: randomBytes(32).toString('base64url'),
  HUQUQ_MASTER_KEY: randomBytes(32).toString('base64'),
};

describe('notification settings', () => {
  it('leaves e-mail off when SMTP_URL is unset or empty (as docker-compose passes it)', () => {
    expect(loadConfig({ NODE_ENV: 'test', ...SECRETS }).SMTP_URL).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'test', ...SECRETS, SMTP_URL: '' }).SMTP_URL).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'test', ...SECRETS, SMTP_URL: 'smtp://u:p@mail:587' }).SMTP_URL).toBe(
      'smtp://u:p@mail:587',
    );
  });

  it('refuses a relay that is not smtp(s), a short signing secret and an unknown time zone', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', ...SECRETS, SMTP_URL: 'http://mail' })).toThrow(
      /SMTP_URL must be/,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', ...SECRETS, WEBHOOK_SIGNING_SECRET: 'short' })).toThrow(
      /WEBHOOK_SIGNING_SECRET must be at least 32/,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', ...SECRETS, NOTIFY_TIME_ZONE: 'Moscow' })).toThrow(
      ConfigError,
    );
  });

  it('turns webhooks off in production without a signing secret, rather than making one up', () => {
    const production = loadConfig({ ...productionEnv(), WEBHOOK_SIGNING_SECRET: '' });
    expect(production.WEBHOOK_SIGNING_SECRET).toBeUndefined();
  });
});
