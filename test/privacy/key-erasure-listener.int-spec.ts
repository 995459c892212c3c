import { randomBytes, randomUUID } from 'node:crypto';
import { KeyErasureListener, MasterKey, SubjectKeyStore } from '@huquq/privacy';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

describe('an erasure reaches every process at once', () => {
  let test: TestDatabase;
  let listener: KeyErasureListener;

  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(async () => {
    await listener?.stop();
    await test.drop();
  });

  it("drops another process's cached key when the person is erased", async () => {
    const master = MasterKey.fromBytes(randomBytes(32));
    // Two stores on one database stand for two service processes; the reader caches for an hour.
    const eraser = new SubjectKeyStore(test.db, master);
    const reader = new SubjectKeyStore(test.db, master, { cacheTtlMs: 3_600_000 });
    listener = new KeyErasureListener(test.url, reader);
    await listener.start();

    const subject = { orgId: randomUUID(), subjectId: randomUUID() };
    await eraser.keyFor(subject, { create: true });
    expect(await reader.keyFor(subject, { create: false })).not.toBeNull();
    // With the row gone but the cache warm, only the notice can make the reader forget.
    await eraser.destroy(subject);
    await waitFor(async () => (await reader.keyFor(subject, { create: false })) === null, {
      what: 'the reader to drop the erased key',
    });
  });
});
