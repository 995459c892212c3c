import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes are self-describing (`scrypt$N$r$p$<salt>$<hash>`) so the cost can be raised
 * later without invalidating the hashes already stored.
 */
const CURRENT = { N: 16384, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 64;

// Bounds on what a stored string may ask for: a corrupt or planted row must not make one
// login allocate gigabytes or spin for minutes.
const MAX_N = 1 << 20;
const MAX_R = 32;
const MAX_P = 16;

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
  // Node's default maxmem (32 MiB) is below what larger N/r need; 128·N·r is scrypt's own figure.
  return { N, r, p, maxmem: 128 * N * r * p + 1024 * 1024 };
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const { N, r, p } = CURRENT;
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
  return N !== CURRENT.N || r !== CURRENT.r || p !== CURRENT.p || key.length !== KEY_BYTES;
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification and always answers false. Login calls it for an
 * unknown email so the response time does not tell which emails have accounts.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64'));
  await verifyPassword(password, await dummyHash);
  return false;
}
