import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

import { DecryptionFailed, GCM_IV_BYTES, GCM_TAG_BYTES, isSealed, open, seal } from './aes-gcm';

const KEY = randomBytes(32);
const OTHER_KEY = randomBytes(32);
const AAD = '0b6c7a52-8d0e-4c36-9a1e-3f8f4f0f1a01|5d7e1c0a-6b3f-4f1e-8a52-2c9d0e7b4a10|fullName';
const PLAINTEXT = 'Ҷӯраев Фаррух Рустамович, паспорт АВ 1234567';

function parts(sealed: string): [Buffer, Buffer, Buffer] {
  const [, iv, ciphertext, tag] = sealed.split('.');
  return [iv, ciphertext, tag].map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer, Buffer];
}

function assemble([iv, ciphertext, tag]: Buffer[]): string {
  return ['pd1', iv, ciphertext, tag]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The character that differs only in the lowest of its 6 bits, which a 16-byte tag leaves unused. */
function spareBitTwin(char: string): string {
  return BASE64URL[BASE64URL.indexOf(char) ^ 1];
}

function failure(action: () => unknown): DecryptionFailed {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DecryptionFailed);
    return error as DecryptionFailed;
  }
  throw new Error('expected DecryptionFailed');
}

describe('AES-256-GCM sealing', () => {
  it('opens what it sealed, for empty, Cyrillic and long text', () => {
    for (const text of ['', PLAINTEXT, 'x'.repeat(100_000), '😀 emoji and \u0000 nul']) {
      expect(open(KEY, seal(KEY, text, AAD), AAD)).toBe(text);
    }
  });

  it('writes pd1.<12-byte IV>.<ciphertext>.<16-byte tag> in base64url', () => {
    const sealed = seal(KEY, PLAINTEXT, AAD);
    expect(sealed).toMatch(/^pd1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    const [iv, ciphertext, tag] = parts(sealed);
    expect(iv).toHaveLength(GCM_IV_BYTES);
    expect(tag).toHaveLength(GCM_TAG_BYTES);
    expect(ciphertext).toHaveLength(Buffer.byteLength(PLAINTEXT, 'utf8'));
    expect(sealed).not.toContain(Buffer.from(PLAINTEXT).toString('base64url').slice(0, 8));
  });

  it('uses a fresh random IV for every value, so equal texts never look equal', () => {
    const sealed = Array.from({ length: 200 }, () => seal(KEY, PLAINTEXT, AAD));
    expect(new Set(sealed).size).toBe(200);
    expect(new Set(sealed.map((s) => s.split('.')[1])).size).toBe(200);
  });

  describe('a flipped byte fails to open', () => {
    const sealed = seal(KEY, PLAINTEXT, AAD);
    const names = ['IV', 'ciphertext', 'tag'];

    for (const [index, name] of names.entries()) {
      it(`in the ${name}, at every position`, () => {
        const original = parts(sealed);
        for (let position = 0; position < original[index].length; position++) {
          const tampered = parts(sealed);
          tampered[index][position] ^= 0x01;
          expect(failure(() => open(KEY, assemble(tampered), AAD)).reason).toBe('unauthentic');
        }
      });
    }

    it('in the AAD, at every position', () => {
      const bytes = Buffer.from(AAD, 'utf8');
      for (let position = 0; position < bytes.length; position++) {
        const tampered = Buffer.from(bytes);
        tampered[position] ^= 0x01;
        failure(() => open(KEY, sealed, tampered.toString('utf8')));
      }
    });

    it('in any character of the stored string', () => {
      for (let position = 0; position < sealed.length; position++) {
        if (sealed[position] === '.') continue;
        const replacement = BASE64URL[(BASE64URL.indexOf(sealed[position]) + 1) % BASE64URL.length];
        failure(() => open(KEY, sealed.slice(0, position) + replacement + sealed.slice(position + 1), AAD));
      }
    });
  });

  it('fails with another key, another AAD, a truncated or an extended ciphertext', () => {
    const sealed = seal(KEY, PLAINTEXT, AAD);
    failure(() => open(OTHER_KEY, sealed, AAD));
    failure(() => open(KEY, sealed, AAD.replace('fullName', 'phone')));
    failure(() => open(KEY, sealed, ''));
    const [iv, ciphertext, tag] = parts(sealed);
    failure(() => open(KEY, assemble([iv, ciphertext.subarray(1), tag]), AAD));
    failure(() => open(KEY, assemble([iv, Buffer.concat([ciphertext, Buffer.from([0])]), tag]), AAD));
  });

  it('calls malformed input malformed, never opening it', () => {
    const sealed = seal(KEY, PLAINTEXT, AAD);
    const [iv, ciphertext, tag] = sealed.split('.').slice(1);
    const malformed: unknown[] = [
      '',
      PLAINTEXT,
      sealed.replace(/^pd1/, 'pd2'),
      sealed + '.',
      `${sealed}.x`,
      ['pd1', iv, ciphertext].join('.'),
      ['pd1', iv.slice(0, -1), ciphertext, tag].join('.'),
      ['pd1', iv, ciphertext, tag.slice(0, -2)].join('.'),
      ['pd1', iv, ciphertext, `${tag}==`].join('.'),
      ['pd1', iv, `${ciphertext}=`, tag].join('.'),
      ['pd1', iv, ciphertext.replace(/.$/, '+'), tag].join('.'),
      // The tag's last character carries 4 spare bits: a different character that decodes to
      // the same bytes must not pass as the same value.
      ['pd1', iv, ciphertext, tag.slice(0, -1) + spareBitTwin(tag.slice(-1))].join('.'),
      null,
      undefined,
      42,
      { sealed },
    ];
    const tagTwin = ['pd1', iv, ciphertext, tag.slice(0, -1) + spareBitTwin(tag.slice(-1))].join('.');
    expect(parts(tagTwin)[2].equals(parts(sealed)[2])).toBe(true);
    for (const value of malformed) {
      expect(failure(() => open(KEY, value as string, AAD)).reason).toBe('malformed');
      expect(isSealed(value)).toBe(false);
    }
    expect(isSealed(sealed)).toBe(true);
    expect(isSealed(seal(KEY, '', AAD))).toBe(true);
  });

  it('refuses keys that are not exactly 32 bytes', () => {
    for (const size of [0, 16, 24, 31, 33, 64]) {
      expect(() => seal(Buffer.alloc(size), PLAINTEXT, AAD)).toThrow(RangeError);
      expect(() => open(Buffer.alloc(size), seal(KEY, PLAINTEXT, AAD), AAD)).toThrow(RangeError);
    }
  });

  it('says nothing about the value, the key or the AAD when it fails', () => {
    const sealed = seal(KEY, PLAINTEXT, AAD);
    const errors = [
      failure(() => open(OTHER_KEY, sealed, AAD)),
      failure(() => open(KEY, sealed, 'wrong')),
      failure(() => open(KEY, sealed.slice(0, -3), AAD)),
    ];
    const secrets = [
      PLAINTEXT,
      'Фаррух',
      KEY.toString('hex'),
      KEY.toString('base64'),
      KEY.toString('base64url'),
      OTHER_KEY.toString('hex'),
      sealed.split('.')[2],
      AAD,
    ];
    for (const error of errors) {
      const shown = [
        error.message,
        String(error),
        inspect(error),
        JSON.stringify(error),
        error.stack ?? '',
      ].join('\n');
      for (const secret of secrets) expect(shown).not.toContain(secret);
      expect(error.name).toBe('DecryptionFailed');
    }
  });
});
