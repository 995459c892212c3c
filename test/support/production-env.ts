import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '@huquq/platform';

const SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

/** A fresh random secret, as `openssl rand -base64 32` makes one. */
export const randomSecret = () => randomBytes(32).toString('base64url');

/**
 * Everything production asks for, each value random and different: a test changes what it is
 * about. The app role's URL points at `database` (on the test server) with a password.
 */
export function productionEnv(database = 'huquq_prod_config'): Record<string, string> {
  const app = new URL(`${SERVER}/${database}`);
  app.username = `huquq_app_${database}`;
  app.password = randomSecret();
  return {
    NODE_ENV: 'production',
    JWT_SECRET: randomSecret(),
    BLIND_INDEX_KEY: randomSecret(),
    HUQUQ_MASTER_KEY: randomBytes(32).toString('base64'),
    APP_DATABASE_URL: app.toString(),
    // Production refuses a cheaper password hash than OWASP's (the tests' default is cheaper).
    PASSWORD_SCRYPT_N: '131072',
  };
}

/** The message a configuration is refused with (the test fails if it is accepted). */
export function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}
