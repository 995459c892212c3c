import { randomBytes, randomUUID } from 'node:crypto';
import { EventStore } from '@huquq/event-store';
import { ensureKeyringSchema } from '@huquq/platform';
import {
  DecryptionFailed,
  EnvelopeProtector,
  InvalidMasterKey,
  type KeySubject,
  keyStoreFromConfig,
  MasterKey,
  rotateMasterKey,
  SubjectErased,
  SubjectKeyStore,
  UnknownMasterKey,
} from '@huquq/privacy';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const newMasterText = () => randomBytes(32).toString('base64');

interface Sealed {
  subject: KeySubject;
  field: string;
  sealed: string;
  plaintext: string;
}

describe('master key rotation against PostgreSQL', () => {
  let test: TestDatabase;

  beforeEach(async () => {
    test = await createTestDatabase();
    // The test database serves as the keyring too (the rotation records the new key's fingerprint there).
    await ensureKeyringSchema(test.db);
  });

  afterEach(async () => {
    await test.drop();
  });

  /** Clients of two organizations with sealed values, each value also recorded as an event. */
  async function seedClients(masterText: string, count: number): Promise<Sealed[]> {
    const protector = new EnvelopeProtector(new SubjectKeyStore(test.db, MasterKey.parse(masterText)));
    const events = new EventStore(test.db);
    const orgs = [randomUUID(), randomUUID()];
    const values: Sealed[] = [];
    for (let i = 0; i < count; i++) {
      const subject = { orgId: orgs[i % 2], subjectId: randomUUID() };
      for (const [field, plaintext] of [
        ['fullName', `Рахимов ${i}`],
        ['passportNumber', `АВ ${1000000 + i}`],
      ]) {
        const sealed = await protector.seal(subject, field, plaintext);
        values.push({ subject, field, sealed, plaintext });
      }
      await events.append(
        `client-${subject.subjectId}`,
        0,
        [
          {
            type: 'client-registered',
            data: {
              fullName: values[values.length - 2].sealed,
              passportNumber: values[values.length - 1].sealed,
            },
          },
        ],
        { orgId: subject.orgId },
      );
    }
    return values;
  }

  async function eventsTable(): Promise<string> {
    const { rows } = await test.db.query('SELECT * FROM events ORDER BY global_position');
    return JSON.stringify(rows);
  }

  it('re-wraps every data key: the new master opens everything, the old one nothing, events untouched', async () => {
    const oldText = newMasterText();
    const newText = newMasterText();
    const values = await seedClients(oldText, 12);
    const erased = values[0].subject;
    await new SubjectKeyStore(test.db, MasterKey.parse(oldText)).destroy(erased);
    const eventsBefore = await eventsTable();
    const { rows: wrappedBefore } = await test.db.query('SELECT subject_id, wrapped_key FROM subject_keys');

    const result = await rotateMasterKey({ keyring: test.db, db: test.db }, oldText, newText);

    expect(result).toEqual({
      rewrapped: 11,
      remaining: 0,
      masterKeyId: MasterKey.parse(newText).id,
      totpResealed: 0,
    });
    expect(await eventsTable()).toBe(eventsBefore);
    const { rows: wrappedAfter } = await test.db.query(
      'SELECT subject_id, wrapped_key, master_key_id FROM subject_keys',
    );
    expect(wrappedAfter).toHaveLength(11);
    for (const row of wrappedAfter) {
      expect(row.master_key_id).toBe(result.masterKeyId);
      expect(wrappedBefore.find((b) => b.subject_id === row.subject_id)!.wrapped_key).not.toBe(
        row.wrapped_key,
      );
    }

    const withNew = new EnvelopeProtector(new SubjectKeyStore(test.db, MasterKey.parse(newText)));
    const live = values.filter((v) => v.subject.subjectId !== erased.subjectId);
    expect(await withNew.openMany(live)).toEqual(live.map((v) => v.plaintext));
    // The events themselves, as stored, open with the new master.
    const stored = await new EventStore(test.db).readStream(`client-${live[0].subject.subjectId}`);
    expect(
      await withNew.open(live[0].subject, 'fullName', (stored[0].data as { fullName: string }).fullName),
    ).toBe(live[0].plaintext);

    // Erasure survives the rotation.
    expect(await withNew.open(erased, 'fullName', values[0].sealed)).toBeNull();
    await expect(withNew.seal(erased, 'fullName', 'x')).rejects.toThrow(SubjectErased);

    // The old master alone opens nothing: its keys are gone from the table.
    const withOld = new EnvelopeProtector(new SubjectKeyStore(test.db, MasterKey.parse(oldText)));
    for (const value of live) {
      await expect(withOld.open(value.subject, value.field, value.sealed)).rejects.toThrow(UnknownMasterKey);
    }
    const oldMaster = MasterKey.parse(oldText);
    for (const row of wrappedAfter) {
      const orgId = live.find((v) => v.subject.subjectId === row.subject_id)!.subject.orgId;
      expect(() => oldMaster.unwrap(orgId, row.subject_id, row.wrapped_key)).toThrow(DecryptionFailed);
    }
  });

  it('works in batches and can simply be run again', async () => {
    const oldText = newMasterText();
    const newMaster = MasterKey.parse(newMasterText());
    const values = await seedClients(oldText, 7);
    const store = new SubjectKeyStore(test.db, MasterKey.parse(oldText), { rewrapBatchSize: 3 });
    expect(await store.rewrapAll(newMaster)).toEqual({ rewrapped: 7, remaining: 0 });
    expect(await store.rewrapAll(newMaster)).toEqual({ rewrapped: 0, remaining: 0 });
    const withNew = new EnvelopeProtector(new SubjectKeyStore(test.db, newMaster));
    expect(await withNew.openMany(values)).toEqual(values.map((v) => v.plaintext));
  });

  it('lets running services read keys on both sides while a rotation is under way', async () => {
    const oldText = newMasterText();
    const newText = newMasterText();
    const values = await seedClients(oldText, 4);
    const service = keyStoreFromConfig(test.db, {
      HUQUQ_MASTER_KEY: newText,
      HUQUQ_PREVIOUS_MASTER_KEY: oldText,
    });
    const protector = new EnvelopeProtector(service);

    // Before the rotation: old keys are read with the previous master, new keys use the new one.
    expect(await protector.openMany(values)).toEqual(values.map((v) => v.plaintext));
    const newcomer = { orgId: randomUUID(), subjectId: randomUUID() };
    const sealed = await protector.seal(newcomer, 'fullName', 'Juraev');
    const { rows } = await test.db.query('SELECT master_key_id FROM subject_keys WHERE subject_id = $1', [
      newcomer.subjectId,
    ]);
    expect(rows).toEqual([{ master_key_id: service.masterKeyId }]);

    expect(await rotateMasterKey({ keyring: test.db, db: test.db }, oldText, newText)).toMatchObject({ rewrapped: 4, remaining: 0 });
    const after = new EnvelopeProtector(keyStoreFromConfig(test.db, { HUQUQ_MASTER_KEY: newText }));
    expect(await after.openMany(values)).toEqual(values.map((v) => v.plaintext));
    expect(await after.open(newcomer, 'fullName', sealed)).toBe('Juraev');
  });

  it('reports keys wrapped by a master it was not given, and refuses a rotation to the same key', async () => {
    const oldText = newMasterText();
    const strangerText = newMasterText();
    await seedClients(oldText, 2);
    await seedClients(strangerText, 1);
    const newText = newMasterText();
    expect(await rotateMasterKey({ keyring: test.db, db: test.db }, oldText, newText)).toMatchObject({ rewrapped: 2, remaining: 1 });

    await expect(rotateMasterKey({ keyring: test.db, db: test.db }, newText, newText)).rejects.toThrow(InvalidMasterKey);
    const padded = Buffer.from(newText, 'base64').toString('base64url');
    await expect(rotateMasterKey({ keyring: test.db, db: test.db }, newText, padded)).rejects.toThrow('same as the old one');
    const error = await rotateMasterKey({ keyring: test.db, db: test.db }, 'not-a-key', newText).catch((e: Error) => e);
    expect(error).toBeInstanceOf(InvalidMasterKey);
    expect((error as Error).message).toMatch(/^old master key must be 32 random bytes/);
    expect((error as Error).message).not.toContain(newText);
  });
});
