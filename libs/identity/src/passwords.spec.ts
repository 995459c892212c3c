import {
  hashPassword,
  needsRehash,
  OWASP_SCRYPT,
  usePasswordCost,
  UnreadablePasswordHash,
  verifyDummyPassword,
  verifyPassword,
} from './passwords';

describe('passwords', () => {
  // Most cases at a test cost; the first one at OWASP's, as production hashes.
  beforeAll(() => usePasswordCost(2 ** 14));
  afterAll(() => usePasswordCost(OWASP_SCRYPT.N));

  it("hashes at OWASP's scrypt cost unless lowered: N=2^17, r=8, p=1 (128 MiB, past node's default maxmem)", async () => {
    usePasswordCost(OWASP_SCRYPT.N);
    try {
      const stored = await hashPassword('correct horse battery staple');
      expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
      await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    } finally {
      usePasswordCost(2 ** 14);
    }
  });

  it('stores scrypt with its parameters, a 16-byte salt and a 64-byte key', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const [scheme, N, r, p, salt, key] = stored.split('$');
    expect([scheme, N, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(key, 'base64')).toHaveLength(64);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('Пароль-для-юриста');
    await expect(verifyPassword('Пароль-для-юриста', stored)).resolves.toBe(true);
    await expect(verifyPassword('пароль-для-юриста', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('salts every hash, so the same password never hashes alike', async () => {
    expect(await hashPassword('same password')).not.toEqual(await hashPassword('same password'));
  });

  it('accepts a password typed in another Unicode normal form', async () => {
    const composed = 'Й-secret'.normalize('NFC');
    const decomposed = 'Й-secret'.normalize('NFD');
    expect(composed).not.toEqual(decomposed);
    await expect(verifyPassword(decomposed, await hashPassword(composed))).resolves.toBe(true);
  });

  it.each([
    ['another scheme', 'bcrypt$2b$10$abc'],
    ['missing parts', 'scrypt$16384$8$1$c2FsdHNhbHQ='],
    ['N not a power of two', 'scrypt$10000$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5'],
    ['N too large for one login', `scrypt$${2 ** 24}$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5`],
    ['salt not base64', 'scrypt$16384$8$1$not*base64$a2V5a2V5a2V5a2V5a2V5a2V5'],
  ])('refuses a stored value with %s rather than answer "wrong password"', async (_case, stored) => {
    await expect(verifyPassword('whatever', stored)).rejects.toBeInstanceOf(UnreadablePasswordHash);
  });

  it("tells which stored hashes were made with weaker parameters than today's, never stronger ones", async () => {
    const stored = await hashPassword('a password');
    expect(needsRehash(stored)).toBe(false);
    expect(needsRehash(stored.replace('$16384$', '$1024$'))).toBe(true);
    usePasswordCost(OWASP_SCRYPT.N);
    try {
      expect(needsRehash(stored)).toBe(true);
    } finally {
      usePasswordCost(2 ** 14);
    }
    expect(needsRehash(stored.replace('$16384$', '$131072$'))).toBe(false);
  });

  it('has a dummy verification that always fails, for unknown emails', async () => {
    await expect(verifyDummyPassword('any password')).resolves.toBe(false);
    await expect(verifyDummyPassword('any password')).resolves.toBe(false);
  });
});
