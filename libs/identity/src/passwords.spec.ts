import {
  hashPassword,
  needsRehash,
  UnreadablePasswordHash,
  verifyDummyPassword,
  verifyPassword,
} from './passwords';

describe('passwords', () => {
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

  it('tells which stored hashes were made with other parameters', async () => {
    const stored = await hashPassword('a password');
    expect(needsRehash(stored)).toBe(false);
    expect(needsRehash(stored.replace('$16384$', '$1024$'))).toBe(true);
  });

  it('has a dummy verification that always fails, for unknown emails', async () => {
    await expect(verifyDummyPassword('any password')).resolves.toBe(false);
    await expect(verifyDummyPassword('any password')).resolves.toBe(false);
  });
});
