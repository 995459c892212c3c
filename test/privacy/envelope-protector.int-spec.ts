import { randomBytes, randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import {
  aesGcm,
  DecryptionFailed,
  EnvelopeProtector,
  type KeySubject,
  MasterKey,
  SubjectErased,
  SubjectKeyStore,
} from '@huquq/privacy';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const NAME = 'Ҷӯраев Фаррух Рустамович';
const PASSPORT = 'АВ 1234567';

function client(orgId: string = randomUUID()): KeySubject {
  return { orgId, subjectId: randomUUID() };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error) => error,
  );
}

/** Flips one bit in byte `position` of part `index` (0 IV, 1 ciphertext, 2 tag) of a sealed value. */
function flip(sealed: string, index: 0 | 1 | 2, position = 0): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index + 1], 'base64url');
  bytes[position % bytes.length] ^= 0x80;
  parts[index + 1] = bytes.toString('base64url');
  return parts.join('.');
}

describe('EnvelopeProtector against PostgreSQL', () => {
  let test: TestDatabase;
  let master: MasterKey;
  let keys: SubjectKeyStore;
  let protector: EnvelopeProtector;

  beforeAll(async () => {
    test = await createTestDatabase();
    master = MasterKey.fromBytes(randomBytes(32));
    keys = new SubjectKeyStore(test.db, master);
    protector = new EnvelopeProtector(keys);
  });

  afterAll(async () => {
    await test.drop();
  });

  it('seals and opens each personal field of a client', async () => {
    const farrukh = client();
    const fields = {
      fullName: NAME,
      phone: '+7 916 123-45-67',
      passportNumber: PASSPORT,
      dateOfBirth: '1990-05-07',
    };
    for (const [field, value] of Object.entries(fields)) {
      const sealed = await protector.seal(farrukh, field, value);
      expect(aesGcm.isSealed(sealed)).toBe(true);
      expect(sealed).not.toContain(value);
      expect(await protector.open(farrukh, field, sealed)).toBe(value);
    }
  });

  it('gives every client a key of their own, stored only wrapped', async () => {
    const a = client();
    const b = client(a.orgId);
    await protector.seal(a, 'fullName', NAME);
    await protector.seal(b, 'fullName', NAME);
    const keyA = (await keys.keyFor(a, { create: false }))!;
    const keyB = (await keys.keyFor(b, { create: false }))!;
    expect(keyA.equals(keyB)).toBe(false);

    const { rows } = await test.db.query('SELECT * FROM subject_keys WHERE subject_id = ANY($1::uuid[])', [
      [a.subjectId, b.subjectId],
    ]);
    expect(rows).toHaveLength(2);
    const stored = JSON.stringify(rows);
    for (const key of [keyA, keyB]) {
      for (const form of ['hex', 'base64', 'base64url'] as const)
        expect(stored).not.toContain(key.toString(form));
    }
    for (const row of rows) {
      expect(row.master_key_id).toBe(master.id);
      expect(aesGcm.isSealed(row.wrapped_key)).toBe(true);
    }
  });

  describe('GCM: a flipped byte fails to decrypt', () => {
    const farrukh = client();
    let sealed: string;

    beforeAll(async () => {
      sealed = await protector.seal(farrukh, 'passportNumber', PASSPORT);
    });

    it.each([
      ['IV', 0],
      ['ciphertext', 1],
      ['tag', 2],
    ] as const)('of the %s', async (_name, index) => {
      const lengths = sealed
        .split('.')
        .slice(1)
        .map((part) => Buffer.from(part, 'base64url').length);
      for (let position = 0; position < lengths[index]; position++) {
        await expect(
          protector.open(farrukh, 'passportNumber', flip(sealed, index, position)),
        ).rejects.toThrow(DecryptionFailed);
      }
    });

    it('of the AAD: the org, the client or the field', async () => {
      // Through the protector another org or client id finds another key (or none), so the
      // AAD alone is checked here with the right key.
      const key = (await keys.keyFor(farrukh, { create: false }))!;
      const aad = `${farrukh.orgId}|${farrukh.subjectId}|passportNumber`;
      const aadBytes = Buffer.from(aad, 'utf8');
      for (let position = 0; position < aadBytes.length; position++) {
        const tampered = Buffer.from(aadBytes);
        tampered[position] ^= 0x01;
        expect(() => aesGcm.open(key, sealed, tampered.toString('utf8'))).toThrow(DecryptionFailed);
      }
      expect(aesGcm.open(key, sealed, aad)).toBe(PASSPORT);
      await expect(protector.open(farrukh, 'passportnumber', sealed)).rejects.toThrow(DecryptionFailed);
    });
  });

  it('refuses a value moved to another client, another field or another org', async () => {
    const a = client();
    const b = client(a.orgId);
    const elsewhere = client();
    const sealedForA = await protector.seal(a, 'fullName', NAME);
    await protector.seal(b, 'fullName', 'Rahimov Bakhtiyor');
    await protector.seal(elsewhere, 'fullName', 'Juraev Sherzod');

    await expect(protector.open(b, 'fullName', sealedForA)).rejects.toThrow(DecryptionFailed);
    await expect(protector.open(a, 'phone', sealedForA)).rejects.toThrow(DecryptionFailed);
    await expect(protector.open(elsewhere, 'fullName', sealedForA)).rejects.toThrow(DecryptionFailed);
    // The same subject id claimed by another org has no key there: unreadable, not a leak.
    expect(
      await protector.open({ orgId: elsewhere.orgId, subjectId: a.subjectId }, 'fullName', sealedForA),
    ).toBeNull();
    expect(await protector.open(a, 'fullName', sealedForA)).toBe(NAME);
  });

  it('reads a tampered value of a live client as an error, never as erased', async () => {
    const a = client();
    const sealed = await protector.seal(a, 'incidentDescription', 'Задержан в общежитии');
    for (const tampered of [
      '',
      'Задержан',
      sealed.slice(0, -1),
      sealed.replace('pd1.', 'pd0.'),
      flip(sealed, 1),
    ]) {
      await expect(protector.open(a, 'incidentDescription', tampered)).rejects.toThrow(DecryptionFailed);
    }
  });

  describe('erasure', () => {
    it('makes every value of the person unreadable and refuses new ones', async () => {
      const farrukh = client();
      const other = client(farrukh.orgId);
      const name = await protector.seal(farrukh, 'fullName', NAME);
      const note = await protector.seal(farrukh, 'noteText', 'Called his brother');
      const othersName = await protector.seal(other, 'fullName', 'Rahimov');

      expect(await keys.isErased(farrukh.subjectId)).toBe(false);
      await protector.erase(farrukh);

      expect(await protector.open(farrukh, 'fullName', name)).toBeNull();
      expect(await protector.open(farrukh, 'noteText', note)).toBeNull();
      expect(await keys.isErased(farrukh.subjectId)).toBe(true);
      expect(await keys.keyFor(farrukh, { create: false })).toBeNull();
      await expect(protector.seal(farrukh, 'fullName', NAME)).rejects.toThrow(SubjectErased);
      await expect(keys.keyFor(farrukh, { create: true })).rejects.toThrow(SubjectErased);
      expect(await protector.open(other, 'fullName', othersName)).toBe('Rahimov');

      const { rows } = await test.db.query('SELECT org_id FROM erased_subjects WHERE subject_id = $1', [
        farrukh.subjectId,
      ]);
      expect(rows).toEqual([{ org_id: farrukh.orgId }]);
      const { rowCount } = await test.db.query('SELECT 1 FROM subject_keys WHERE subject_id = $1', [
        farrukh.subjectId,
      ]);
      expect(rowCount).toBe(0);
    });

    it('tells "never had a key" from "erased", and erasing twice is harmless', async () => {
      const stranger = client();
      const sealedElsewhere = await new EnvelopeProtector(
        new SubjectKeyStore(test.db, MasterKey.fromBytes(randomBytes(32))),
      ).seal(client(), 'fullName', NAME);
      expect(await protector.open(stranger, 'fullName', sealedElsewhere)).toBeNull();
      expect(await keys.isErased(stranger.subjectId)).toBe(false);

      await protector.erase(stranger);
      await protector.erase(stranger);
      expect(await keys.isErased(stranger.subjectId)).toBe(true);
      // Erased before ever having a key: it can never get one.
      await expect(protector.seal(stranger, 'fullName', NAME)).rejects.toThrow(SubjectErased);
    });

    it('answers with a conflict the client can act on', async () => {
      const gone = client();
      await protector.erase(gone);
      const error = await rejection(protector.seal(gone, 'noteText', 'x'));
      expect(error).toMatchObject({ status: 409, code: 'conflict' });
    });
  });

  it('opens many values with their subjects at once, erased ones as null', async () => {
    const org = randomUUID();
    const people = Array.from({ length: 5 }, () => client(org));
    const values = await Promise.all(
      people.map(async (subject, i) => ({
        subject,
        field: 'fullName',
        sealed: await protector.seal(subject, 'fullName', `Person ${i}`),
      })),
    );
    await protector.erase(people[2]);
    const fresh = new EnvelopeProtector(new SubjectKeyStore(test.db, master));
    expect(await fresh.openMany(values)).toEqual(['Person 0', 'Person 1', null, 'Person 3', 'Person 4']);
    expect(await fresh.openMany([])).toEqual([]);
    const moved = [{ ...values[0], subject: people[1] }];
    await expect(fresh.openMany(moved)).rejects.toThrow(DecryptionFailed);
  });

  it('treats upper- and lower-case spellings of the same ids as the same subject', async () => {
    const a = client();
    const upper = { orgId: a.orgId.toUpperCase(), subjectId: a.subjectId.toUpperCase() };
    const sealed = await protector.seal(upper, 'fullName', NAME);
    expect(await protector.open(a, 'fullName', sealed)).toBe(NAME);
  });

  it('refuses subjects that are not UUIDs and empty field names before touching the database', async () => {
    await expect(protector.seal({ orgId: 'org', subjectId: randomUUID() }, 'fullName', NAME)).rejects.toThrow(
      TypeError,
    );
    await expect(
      protector.seal({ orgId: randomUUID(), subjectId: "x' OR 1=1" }, 'fullName', NAME),
    ).rejects.toThrow(TypeError);
    await expect(protector.seal(client(), '', NAME)).rejects.toThrow(TypeError);
  });

  it('never puts plaintext or key material in an error', async () => {
    const a = client();
    const b = client(a.orgId);
    const sealed = await protector.seal(a, 'passportNumber', PASSPORT);
    await protector.seal(b, 'passportNumber', 'other');
    const key = (await keys.keyFor(a, { create: false }))!;
    await protector.erase(b);
    const errors = await Promise.all([
      rejection(protector.open(a, 'phone', sealed)),
      rejection(protector.open(a, 'passportNumber', flip(sealed, 2))),
      rejection(protector.open(a, 'passportNumber', PASSPORT)),
      rejection(protector.seal(b, 'passportNumber', PASSPORT)),
      rejection(protector.open({ ...a, orgId: randomUUID() }, 'passportNumber', sealed.slice(0, 20))),
    ]);
    const secrets = [
      PASSPORT,
      key.toString('hex'),
      key.toString('base64'),
      key.toString('base64url'),
      sealed,
    ];
    expect(errors.map((e) => e.name)).toEqual([
      'DecryptionFailed',
      'DecryptionFailed',
      'DecryptionFailed',
      'SubjectErased',
      'DecryptionFailed',
    ]);
    for (const error of errors) {
      const shown = [error.message, String(error), inspect(error, { depth: 5 }), JSON.stringify(error)].join(
        '\n',
      );
      for (const secret of secrets) expect(shown).not.toContain(secret);
    }
    const storeShown = inspect(keys, { showHidden: true, depth: 6 });
    expect(storeShown).not.toContain(key.toString('hex').slice(0, 16));
    expect(storeShown).not.toMatch(/<Buffer/);
  });
});
