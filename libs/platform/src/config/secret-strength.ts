import { createPrivateKey } from 'node:crypto';

/**
 * What production asks of every secret (docs/decisions/0021-production-secrets.md): random-looking
 * bytes, long enough, and no two settings sharing one value. The checks look at what a value
 * decodes to (hex and base64 are decoded first, so `openssl rand -hex 32` is judged by its 32
 * bytes, not by its 16 distinct characters), and a message names the setting, never the value.
 */

const HEX = /^(?:[0-9a-f]{2})+$|^(?:[0-9A-F]{2})+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The bytes a secret stands for: hex or base64(url) decoded when it is exactly that, else its UTF-8. */
function secretBytes(text: string): Buffer {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN') || isDerKey(trimmed))
    return signingKeyBytes(trimmed) ?? Buffer.from(trimmed);
  if (HEX.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (BASE64URL.test(trimmed) && Buffer.from(trimmed, 'base64url').toString('base64url') === trimmed) {
    return Buffer.from(trimmed, 'base64url');
  }
  if (BASE64.test(trimmed)) {
    const bytes = Buffer.from(trimmed, 'base64');
    if (bytes.toString('base64').replace(/=+$/, '') === trimmed.replace(/=+$/, '')) return bytes;
  }
  return Buffer.from(trimmed, 'utf8');
}

/** An Ed25519 key's 32 private bytes (the rest of PKCS#8 is the same for every key). */
function signingKeyBytes(text: string): Buffer | null {
  try {
    const key = text.startsWith('-----BEGIN')
      ? createPrivateKey({ key: text, format: 'pem' })
      : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
    const d = key.export({ format: 'jwk' }).d;
    return d ? Buffer.from(d, 'base64url') : null;
  } catch {
    return null;
  }
}

function isDerKey(text: string): boolean {
  // PKCS#8 of an Ed25519 key: 48 bytes starting 30 2e 02 01 00 30 05 06 03 2b 65 70.
  return text.startsWith('MC4CAQAwBQYDK2Vw');
}

/**
 * Shannon entropy of the bytes in bits per byte, against the most n bytes can show
 * (log2 of min(n, 256)): random bytes come within a fraction of a bit of it; a repeated
 * character, a short pattern, a word written out or a keyboard walk fall a bit or more short.
 * Runs (abcdef…, 0123…, a step repeated) are refused too: their entropy looks fine.
 */
function looksRandom(bytes: Buffer): boolean {
  const n = bytes.length;
  if (n < 16) return false;
  const counts = new Map<number, number>();
  for (const byte of bytes) counts.set(byte, (counts.get(byte) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) entropy -= (count / n) * Math.log2(count / n);
  return entropy >= Math.log2(Math.min(n, 256)) - 1 && !hasRuns(bytes);
}

/** More than a quarter of steps repeating the step before (abcd…, 2468…, aaaa…). */
function hasRuns(bytes: Buffer): boolean {
  let sameStep = 0;
  for (let i = 2; i < bytes.length; i++)
    if (bytes[i] - bytes[i - 1] === bytes[i - 1] - bytes[i - 2]) sameStep++;
  return sameStep > bytes.length / 4;
}

export interface NamedSecret {
  /** The setting, as the operator writes it (JWT_SECRET, or APP_DATABASE_URL's password). */
  name: string;
  value: string;
  /** Characters the value must have at least. */
  minLength: number;
}

/** One line per problem, naming settings only: too short, not random-looking, or equal to another. */
export function secretProblems(secrets: NamedSecret[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const { name, value, minLength } of secrets) {
    const bytes = secretBytes(value);
    if (value.trim().length < minLength) {
      problems.push(`${name}: too short for production (at least ${minLength} characters of random data)`);
    } else if (!looksRandom(bytes) || hasRuns(Buffer.from(value.trim()))) {
      problems.push(
        `${name}: does not look random (too few distinct values, a repeated pattern or a run); ` +
          'generate it, e.g. `openssl rand -base64 32`',
      );
    }
    const fingerprint = bytes.toString('hex');
    const twin = seen.get(fingerprint);
    if (twin) problems.push(`${name}: the same value as ${twin}; every secret must be different`);
    else seen.set(fingerprint, name);
  }
  return problems;
}
