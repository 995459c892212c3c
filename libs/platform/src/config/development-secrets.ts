import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Outside production a missing secret is generated once into .secrets/ (git-ignored), so a
 * developer can start with no setup while nothing secret is ever committed or printed.
 */
export function developmentSecret(
  name: string,
  dir = process.env.HUQUQ_SECRETS_DIR ?? '.secrets',
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
