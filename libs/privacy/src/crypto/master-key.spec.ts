import { randomBytes, randomUUID } from 'node:crypto';
import { inspect } from 'node:util';

import { DecryptionFailed } from './aes-gcm';
import { InvalidMasterKey, MasterKey } from './master-key';

const BYTES = randomBytes(32);
const ORG = randomUUID();
const SUBJECT = randomUUID();

describe('MasterKey', () => {
  it('reads 32 bytes from base64 (padded or not) and base64url, as the same key', () => {
    const spellings = [
      BYTES.toString('base64'),
      BYTES.toString('base64').replace(/=+$/, ''),
      BYTES.toString('base64url'),
      `  ${BYTES.toString('base64')}\n`,
    ];
    const ids = spellings.map((text) => MasterKey.parse(text).id);
    expect(new Set(ids)).toEqual(new Set([MasterKey.fromBytes(BYTES).id]));
  });

  it('refuses anything but exactly 32 bytes in one canonical encoding, without echoing it', () => {
    const b64 = BYTES.toString('base64');
    const bad = [
      '',
      randomBytes(31).toString('base64'),
      randomBytes(33).toString('base64'),
      randomBytes(64).toString('base64url'),
      BYTES.toString('hex'),
      `${b64.slice(0, 10)}!${b64.slice(11)}`,
      `${b64.slice(0, 20)} ${b64.slice(20)}`,
      // Mixed alphabets and a last character with its spare bits set decode "fine" in Node,
      // which would make two different strings the same key: refused.
      b64.replace(/[A-Za-z0-9]/, '-').replace(/=$/, '+='),
      b64.slice(0, 42) + 'B=',
    ];
    for (const text of bad) {
      let error: unknown;
      try {
        MasterKey.parse(text, 'HUQUQ_MASTER_KEY');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidMasterKey);
      const message = (error as Error).message;
      expect(message).toMatch(/^HUQUQ_MASTER_KEY must be 32 random bytes in base64 or base64url/);
      if (text.trim()) expect(message).not.toContain(text.trim().slice(0, 12));
    }
  });

  it('has a short id that names it without revealing it', () => {
    const key = MasterKey.fromBytes(BYTES);
    expect(key.id).toMatch(/^[0-9a-f]{16}$/);
    expect(MasterKey.fromBytes(Buffer.from(BYTES)).id).toBe(key.id);
    expect(MasterKey.fromBytes(randomBytes(32)).id).not.toBe(key.id);
    expect(BYTES.toString('hex')).not.toContain(key.id);
  });

  it('wraps a data key for one org and subject only', () => {
    const master = MasterKey.fromBytes(BYTES);
    const dataKey = randomBytes(32);
    const wrapped = master.wrap(ORG, SUBJECT, dataKey);
    expect(wrapped).toMatch(/^pd1\./);
    expect(wrapped).not.toContain(dataKey.toString('base64url'));
    expect(master.unwrap(ORG, SUBJECT, wrapped).equals(dataKey)).toBe(true);
    expect(master.unwrap(ORG.toUpperCase(), SUBJECT.toUpperCase(), wrapped).equals(dataKey)).toBe(true);
    expect(() => master.unwrap(randomUUID(), SUBJECT, wrapped)).toThrow(DecryptionFailed);
    expect(() => master.unwrap(ORG, randomUUID(), wrapped)).toThrow(DecryptionFailed);
    expect(() => MasterKey.fromBytes(randomBytes(32)).unwrap(ORG, SUBJECT, wrapped)).toThrow(
      DecryptionFailed,
    );
  });

  it('never shows its bytes when inspected, serialized or stringified', () => {
    const master = MasterKey.fromBytes(BYTES);
    const shown = [
      inspect(master, { showHidden: true, depth: 5 }),
      JSON.stringify(master),
      String(master),
    ].join('\n');
    for (const form of ['hex', 'base64', 'base64url'] as const) {
      expect(shown).not.toContain(BYTES.toString(form).slice(0, 16));
    }
    expect(shown).not.toMatch(/<Buffer/);
    expect(JSON.parse(JSON.stringify(master))).toEqual({ id: master.id });
  });
});
