import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * The one place development secrets live, whatever directory the service starts from:
 * `HUQUQ_SECRETS_DIR` when set (an absolute path), else `$XDG_DATA_HOME/huquq/<database>`
 * (`~/.local/share/huquq/<database>` without XDG_DATA_HOME). One directory per database, so
 * `huquq` and `huquq_demo` on one machine each keep their own master key and app role password.
 */
export function developmentSecretsDir(databaseUrl: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.HUQUQ_SECRETS_DIR;
  if (configured) {
    if (!isAbsolute(configured)) {
      throw new Error(
        `HUQUQ_SECRETS_DIR must be an absolute path (a relative one depends on where huquq starts)`,
      );
    }
    return configured;
  }
  const dataHome =
    env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)
      ? env.XDG_DATA_HOME
      : join(homedir(), '.local', 'share');
  const database = new URL(databaseUrl).pathname.replace(/^\//, '') || 'huquq';
  return join(dataHome, 'huquq', database);
}

/**
 * Outside production a missing secret is generated once into the development secrets directory
 * (see developmentSecretsDir), so a developer can start with no setup while nothing secret is
 * ever committed or printed.
 */
export function developmentSecret(
  name: string,
  dir: string,
  /** Makes a new one; 32 random bytes in base64url unless the secret has a shape of its own. */
  generate: () => string = () => randomBytes(32).toString('base64url'),
): string {
  const file = join(dir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = generate();
  try {
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process started at the same moment and wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
  process.stderr.write(`huquq: generated a development ${name} in ${file} (never use it in production)\n`);
  return secret;
}
