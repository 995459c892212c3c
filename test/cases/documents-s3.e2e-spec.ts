import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { loadConfig } from '@huquq/platform';
import { startS3Server, S3RVER_CREDENTIALS, S3Server } from '../support/s3-server';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { download, MIB, pdfOf, SECRET_NAME, sha256 } from './support/documents';

/**
 * DOCUMENTS_STORE=s3 against a real S3-protocol server (s3rver, started here): the same routes,
 * the contents streamed into the bucket as ciphertext, multipart for a large document, and the
 * objects deleted by erasure (decision 0112).
 */
describe('documents in an S3-compatible store', () => {
  let s3: S3Server;
  let t: TestApp;
  let org: TestOrg;
  let bucketClient: S3Client;
  const bucket = `huquq-${randomBytes(4).toString('hex')}`;
  const saved: Record<string, string | undefined> = {};
  let stopped = false;
  const as = (role: keyof TestOrg['users']) => bearer(org.users[role].token);

  const objectKeys = async () =>
    ((await bucketClient.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map(
      (o) => o.Key,
    );
  const objectBytes = async (key: string) =>
    Buffer.from(
      await (
        await bucketClient.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
      ).Body!.transformToByteArray(),
    );
  const newCase = async () => {
    const res = await t.http.post('/v1/appeals').set(as('intake')).send(appealBody()).expect(201);
    const { caseId, clientId } = res.body as { caseId: string; clientId: string };
    await t.http
      .post(`/v1/cases/${caseId}/assignment`)
      .set(as('coordinator'))
      .send({ assigneeId: org.users.lawyer.id, expectedVersion: 1 })
      .expect(200);
    return { caseId, clientId };
  };
  const upload = (caseId: string, file: Buffer, name: string) =>
    t.http
      .post(`/v1/cases/${caseId}/documents`)
      .set(as('intake'))
      .field('kind', 'court_ruling')
      .attach('file', file, name);

  beforeAll(async () => {
    s3 = await startS3Server();
    // The AWS SDK's own credential chain, as in production: the usual variables.
    for (const [name, value] of Object.entries(S3RVER_CREDENTIALS)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    t = await startTestApp({
      DOCUMENTS_STORE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: bucket,
      DOCUMENT_MAX_BYTES: String(13 * MIB),
    });
    org = await t.createOrg();
    bucketClient = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
  });
  afterAll(async () => {
    bucketClient?.destroy();
    await t?.close();
    if (!stopped) await s3?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('creates the bucket at start and round-trips a 12 MiB document (multipart) as ciphertext only', async () => {
    const { caseId } = await newCase();
    const pdf = pdfOf(12 * MIB);
    const started = Date.now();
    const sent = await upload(caseId, pdf, SECRET_NAME).expect(201);
    const uploadMs = Date.now() - started;
    const { documentId } = sent.body;

    // One object, keyed by the random id, sealed: nothing of the document or its name in it.
    expect(await objectKeys()).toEqual([documentId]);
    const stored = await objectBytes(documentId);
    expect(stored.length).toBe(12 + 192 * 16 + 12 * MIB);
    expect(stored.includes(Buffer.from('%PDF'))).toBe(false);
    expect(stored.includes(Buffer.from('Каримова'))).toBe(false);
    // The directory store is not used at all: not even created.
    await expect(readdir(t.config.DOCUMENTS_DIR)).rejects.toMatchObject({ code: 'ENOENT' });

    const fetchedAt = Date.now();
    const got = await download(t, `/v1/documents/${documentId}`, org.users.lawyer.token);
    const downloadMs = Date.now() - fetchedAt;
    expect(got).toMatchObject({ status: 200, complete: true });
    expect(sha256(got.body)).toBe(sha256(pdf));
    // Figures for the report: a 12 MiB document through sealing, the S3 protocol and opening.
    console.log(`12 MiB document in S3 (s3rver): upload ${uploadMs} ms, download ${downloadMs} ms`);
  });

  it('leaves no object behind for a refused upload', async () => {
    const { caseId } = await newCase();
    const before = await objectKeys();
    // Over the limit after more than one part was sent, and a type not taken.
    await upload(caseId, pdfOf(14 * MIB), 'big.pdf').expect(413);
    const exe = Buffer.concat([Buffer.from('MZ\x90\0\x03\0\0\0\x04\0', 'latin1'), randomBytes(1000)]);
    await upload(caseId, exe, 'x.pdf').expect(415);
    expect(await objectKeys()).toEqual(before);
  });

  it('refuses a document whose object was altered, and erasure deletes the objects', async () => {
    const { caseId, clientId } = await newCase();
    const pdf = pdfOf(300_000);
    const { documentId } = (await upload(caseId, pdf, 'r.pdf').expect(201)).body;
    const stored = await objectBytes(documentId);
    stored[12 + 2 * (64 * 1024 + 16) + 10] ^= 0x01;
    await bucketClient.send(new PutObjectCommand({ Bucket: bucket, Key: documentId, Body: stored }));
    const altered = await download(t, `/v1/documents/${documentId}`, org.users.lawyer.token);
    expect(altered.complete).toBe(false);
    expect(altered.body.length).toBeLessThan(pdf.length);

    const second = (await upload(caseId, pdfOf(10_000), 's.pdf').expect(201)).body.documentId;
    await t.http.delete(`/v1/clients/${clientId}/personal-data`).set(as('admin')).expect(204);
    for (const key of [documentId, second]) {
      await expect(
        bucketClient.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
      ).rejects.toMatchObject({
        $metadata: { httpStatusCode: 404 },
      });
    }
    await t.http.get(`/v1/documents/${second}`).set(as('lawyer')).expect(410);
  });

  it('answers 503 when the store does not answer, and keeps nothing', async () => {
    const { caseId } = await newCase();
    await s3.close();
    stopped = true;
    for (const size of [100_000, 7 * MIB]) {
      const res = await upload(caseId, pdfOf(size), 'r.pdf').expect(503);
      expect(res.body.error).toBe('service_unavailable');
    }
    const list = await t.http.get(`/v1/cases/${caseId}/documents`).set(as('lawyer')).expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('refuses DOCUMENTS_STORE=s3 without a bucket at start', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', DOCUMENTS_STORE: 's3' })).toThrow(
      /S3_BUCKET: required when DOCUMENTS_STORE=s3/,
    );
  });
});
