import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';

// Bounds on what a stored string may ask for: a corrupt or planted row must not make one
// login allocate gigabytes or spin for minutes.
const MAX_N = 1 << 20;
const MAX_R = 32;
const MAX_P = 16;

/**
 * Password hashes are self-describing (`scrypt$N$r$p$<salt>$<hash>`) so the cost can be raised
 * later without invalidating the hashes already stored: a login with an older hash rehashes it.
 */
export interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}

/** OWASP's Password Storage Cheat Sheet (2025): scrypt N=2^17, r=8, p=1 (128 MiB, ~0.4 s here). */
export const OWASP_SCRYPT: ScryptParameters = { N: 2 ** 17, r: 8, p: 1 };

/**
 * What new hashes are made with in this process: OWASP's figure, lowered only where the
 * configuration says so (PASSWORD_SCRYPT_N, refused below OWASP's in production; tests lower it
 * so that thousands of logins do not each cost 128 MiB).
 */
let current: ScryptParameters = OWASP_SCRYPT;

export function usePasswordCost(N: number): void {
  if (!(Number.isInteger(N) && N >= 2 ** 14 && N <= MAX_N && (N & (N - 1)) === 0)) {
    throw new Error('PASSWORD_SCRYPT_N must be a power of two between 2^14 and 2^20');
  }
  current = { ...OWASP_SCRYPT, N };
}
const SALT_BYTES = 16;
const KEY_BYTES = 64;

function deriveKey(
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(normalize(password), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** The same password typed on two keyboards (composed or decomposed Cyrillic й) must match. */
function normalize(password: string): string {
  return password.normalize('NFC');
}

function scryptOptions(N: number, r: number, p: number): ScryptOptions {
  // Node's default maxmem (32 MiB) is below what N=2^17 needs (128·N·r = 128 MiB, scrypt's own
  // figure for its V array, plus 128·r·p for B): without this, hashing fails at OWASP's cost.
  return { N, r, p, maxmem: 128 * N * r + 128 * r * p + 1024 * 1024 };
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const { N, r, p } = current;
  const key = await deriveKey(password, salt, KEY_BYTES, scryptOptions(N, r, p));
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

export class UnreadablePasswordHash extends Error {
  constructor() {
    // No part of the stored value goes into the message: it is a secret of sorts.
    super('Stored password hash is not in the scrypt$N$r$p$salt$hash format');
  }
}

function parse(stored: string): ParsedHash {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') throw new UnreadablePasswordHash();
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^[1-9][0-9]{0,9}$/.test(part) ? Number(part) : NaN));
  const isPowerOfTwo = (n: number) => (n & (n - 1)) === 0;
  if (!(N > 1 && N <= MAX_N && isPowerOfTwo(N) && r >= 1 && r <= MAX_R && p >= 1 && p <= MAX_P)) {
    throw new UnreadablePasswordHash();
  }
  const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
  if (!base64.test(parts[4]) || !base64.test(parts[5])) throw new UnreadablePasswordHash();
  const salt = Buffer.from(parts[4], 'base64');
  const key = Buffer.from(parts[5], 'base64');
  if (salt.length < 8 || key.length < 16) throw new UnreadablePasswordHash();
  return { N, r, p, salt, key };
}

/**
 * True when `password` matches `stored`. A stored value that is not a hash of ours throws
 * rather than answering false: a broken row is an operator's problem, not a wrong password.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const { N, r, p, salt, key } = parse(stored);
  const candidate = await deriveKey(password, salt, key.length, scryptOptions(N, r, p));
  return timingSafeEqual(candidate, key);
}

/** True when the hash was made with other parameters than today's, so a login may refresh it. */
export function needsRehash(stored: string): boolean {
  const { N, r, p, key } = parse(stored);
  // Only a rise rehashes: a process started with a lower cost (a test) never weakens a hash.
  return N < current.N || r < current.r || p < current.p || key.length !== KEY_BYTES;
}

const dummyHashes = new Map<number, Promise<string>>();

/**
 * Spends the same time as a real verification and always answers false. Login calls it for an
 * unknown email so the response time does not tell which emails have accounts.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  let dummy = dummyHashes.get(current.N);
  if (!dummy) dummyHashes.set(current.N, (dummy = hashPassword(randomBytes(32).toString('base64'))));
  await verifyPassword(password, await dummy);
  return false;
}
