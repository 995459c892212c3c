import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { portOf } from '../support/raw-http';
import { appealBody, bearer, startTestApp, TestApp, TestOrg } from '../support/test-app';
import { download, MIB, pdfOf, PNG, SECRET_NAME, sha256 } from './support/documents';

/** An upload without Content-Length (chunked), as a client streaming a file it has not measured. */
async function chunkedUpload(t: TestApp, caseId: string, token: string, file: Buffer) {
  const port = await portOf(t.server);
  const boundary = `----huquq${randomBytes(8).toString('hex')}`;
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: `/v1/cases/${caseId}/documents`,
        headers: { ...bearer(token), 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode!);
      },
    );
    // The server may answer and close before the whole body is sent: that is the point.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nother\r\n`);
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n` +
        'Content-Type: application/pdf\r\n\r\n',
    );
    for (let at = 0; at < file.length; at += MIB) req.write(file.subarray(at, at + MIB));
    req.end(`\r\n--${boundary}--\r\n`);
  });
}

describe('documents', () => {
  let t: TestApp;
  let org: TestOrg;
  let other: TestOrg;
  const token = (role: keyof TestOrg['users'], of: TestOrg = org) => of.users[role].token;
  const as = (role: keyof TestOrg['users'], of: TestOrg = org) => bearer(token(role, of));

  const newCase = async () => {
    const res = await t.http.post('/v1/appeals').set(as('intake')).send(appealBody()).expect(201);
    return res.body as { caseId: string; clientId: string };
  };
  const upload = (
    caseId: string,
    file: Buffer,
    name: string,
    kind = 'court_ruling',
    role: 'intake' | 'lawyer' | 'admin' | 'coordinator' = 'intake',
  ) =>
    t.http.post(`/v1/cases/${caseId}/documents`).set(as(role)).field('kind', kind).attach('file', file, name);
  const storedFiles = () => readdir(t.config.DOCUMENTS_DIR);
  /** The organization's lawyer takes the case: from then on they need to know its person. */
  const assignLawyer = async (caseId: string) => {
    const { body } = await t.http.get(`/v1/cases/${caseId}`).set(as('coordinator')).expect(200);
    await t.http
      .post(`/v1/cases/${caseId}/assignment`)
      .set(as('coordinator'))
      .send({ assigneeId: org.users.lawyer.id, expectedVersion: body.version })
      .expect(200);
  };
  const readsOf = async (caseId: string) =>
    (
      await t.db.query<{ user_id: string; action: string }>(
        'SELECT user_id, action FROM personal_data_reads WHERE case_id = $1 ORDER BY read_id',
        [caseId],
      )
    ).rows;

  beforeAll(async () => {
    // 21 MiB: a 20 MiB document fits, a 22 MiB one does not.
    t = await startTestApp({ DOCUMENT_MAX_BYTES: String(21 * MIB) });
    org = await t.createOrg();
    other = await t.createOrg();
  });
  afterAll(() => t.close());

  it('round-trips a 20 MiB document byte-identical, sealed on disk, its name sealed in the log', async () => {
    const { caseId } = await newCase();
    const pdf = pdfOf(20 * MIB);
    const started = Date.now();
    const sent = await upload(caseId, pdf, SECRET_NAME).expect(201);
    const uploadMs = Date.now() - started;
    expect(sent.body).toEqual({
      documentId: expect.any(String),
      kind: 'court_ruling',
      contentType: 'application/pdf',
      size: 20 * MIB,
    });
    const { documentId } = sent.body;
    await assignLawyer(caseId);

    const list = await t.http.get(`/v1/cases/${caseId}/documents`).set(as('lawyer')).expect(200);
    expect(list.body.personalData).toBe('shown');
    expect(list.body.items).toEqual([
      {
        id: documentId,
        kind: 'court_ruling',
        contentType: 'application/pdf',
        size: 20 * MIB,
        fileName: SECRET_NAME,
        uploadedAt: expect.any(String),
        uploadedBy: org.users.intake.id,
      },
    ]);

    const fetchedAt = Date.now();
    const got = await download(t, `/v1/documents/${documentId}`, token('lawyer'));
    const downloadMs = Date.now() - fetchedAt;
    expect(got).toMatchObject({ status: 200, complete: true });
    expect(sha256(got.body)).toBe(sha256(pdf));
    // Figures for the report: a 20 MiB document through sealing and opening.
    console.log(`20 MiB document: upload ${uploadMs} ms, download ${downloadMs} ms`);

    // On disk: a file named by the random id only, and noise.
    expect(await storedFiles()).toContain(documentId);
    const stored = await readFile(join(t.config.DOCUMENTS_DIR, documentId));
    expect(stored.length).toBe(12 + 320 * 16 + 20 * MIB);
    expect(stored.includes(Buffer.from('Каримова'))).toBe(false);
    expect(stored.includes(Buffer.from('%PDF'))).toBe(false);

    // The log holds what the document is, never its bytes nor its name in the clear.
    const { rows } = await t.db.query<{ data: Record<string, unknown> }>(
      `SELECT data FROM events WHERE type = 'document-attached' AND data->>'documentId' = $1`,
      [documentId],
    );
    expect(rows[0].data).toEqual({
      documentId,
      kind: 'court_ruling',
      contentType: 'application/pdf',
      size: 20 * MIB,
      fileName: expect.stringMatching(/^pd1\./),
    });
    expect(t.logs()).not.toContain(SECRET_NAME);
    expect(t.logs()).not.toContain('Каримова');
    expect(t.logs()).toContain('"securityEvent":"document_read"');
  });

  it('tells the type by content, not by name, and refuses an executable', async () => {
    const { caseId } = await newCase();
    const png = await upload(caseId, Buffer.concat([PNG, randomBytes(5000)]), 'ruling.pdf').expect(201);
    expect(png.body.contentType).toBe('image/png');

    const before = await storedFiles();
    const exe = Buffer.concat([Buffer.from('MZ\x90\0\x03\0\0\0\x04\0', 'latin1'), randomBytes(100_000)]);
    const refused = await upload(caseId, exe, 'protocol.pdf').expect(415);
    expect(refused.body.error).toBe('unsupported_media_type');
    expect(await storedFiles()).toEqual(before);
    await upload(caseId, Buffer.from('hello'), 'a.txt', 'selfie').expect(400);
    // Not a form at all, or a form without its boundary: the sender's mistake, 400.
    for (const contentType of ['multipart/form-data', 'multipart/form-data; boundary=x']) {
      const res = await t.http
        .post(`/v1/cases/${caseId}/documents`)
        .set(as('intake'))
        .set('Content-Type', contentType)
        .send('garbage');
      expect([contentType, res.status]).toEqual([contentType, 400]);
    }
    await t.http.post(`/v1/cases/${caseId}/documents`).set(as('intake')).send({ kind: 'other' }).expect(415);
    const list = await t.http.get(`/v1/cases/${caseId}/documents`).set(as('intake')).expect(200);
    expect(list.body.items.map((d: { contentType: string }) => d.contentType)).toEqual(['image/png']);
  });

  it('refuses a document over the limit with 413 and stores nothing, declared or streamed', async () => {
    const { caseId } = await newCase();
    const before = await storedFiles();
    const big = pdfOf(22 * MIB);
    const declared = await upload(caseId, big, 'big.pdf').expect(413);
    expect(declared.body.error).toBe('payload_too_large');
    expect(await chunkedUpload(t, caseId, token('intake'), big)).toBe(413);
    expect(await storedFiles()).toEqual(before);
    const list = await t.http.get(`/v1/cases/${caseId}/documents`).set(as('intake')).expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('refuses an upload without a token before reading it', async () => {
    const { caseId } = await newCase();
    await t.http
      .post(`/v1/cases/${caseId}/documents`)
      .field('kind', 'other')
      .attach('file', Buffer.from('hello'), 'a.txt')
      .expect(401);
  });

  it("answers 404 for another organization's case and document", async () => {
    const { caseId } = await newCase();
    const { documentId } = (
      await upload(caseId, Buffer.from('Доверенность'), 'poa.txt', 'power_of_attorney').expect(201)
    ).body;
    const before = await storedFiles();
    await t.http
      .post(`/v1/cases/${caseId}/documents`)
      .set(as('intake', other))
      .field('kind', 'other')
      .attach('file', Buffer.from('hello'), 'a.txt')
      .expect(404);
    expect(await storedFiles()).toEqual(before);
    await t.http.get(`/v1/cases/${caseId}/documents`).set(as('admin', other)).expect(404);
    await t.http.get(`/v1/documents/${documentId}`).set(as('admin', other)).expect(404);
  });

  it('keeps documents from coordinators, who never see personal data', async () => {
    const { caseId } = await newCase();
    const { documentId } = (
      await upload(caseId, Buffer.from('Протокол'), 'p.txt', 'detention_protocol').expect(201)
    ).body;
    await t.http.get(`/v1/documents/${documentId}`).set(as('coordinator')).expect(403);
    await t.http.get(`/v1/cases/${caseId}/documents`).set(as('coordinator')).expect(403);
    await upload(caseId, Buffer.from('x'), 'x.txt', 'other', 'coordinator').expect(403);
  });

  it('hands documents out under need-to-know, each download recorded (decisions 0095, 0096)', async () => {
    const { caseId, clientId } = await newCase();
    const { documentId } = (
      await upload(caseId, Buffer.from('Протокол задержания'), SECRET_NAME, 'detention_protocol').expect(201)
    ).body;
    const withheld = {
      personalData: 'withheld',
      items: [
        {
          id: documentId,
          kind: 'detention_protocol',
          contentType: 'text/plain; charset=utf-8',
          size: Buffer.byteLength('Протокол задержания'),
          fileName: null,
          uploadedAt: expect.any(String),
          uploadedBy: org.users.intake.id,
        },
      ],
    };

    // A lawyer not on the case, and an admin (by default): the papers exist, nothing of them shows.
    for (const role of ['lawyer', 'admin'] as const) {
      const list = await t.http.get(`/v1/cases/${caseId}/documents`).set(as(role)).expect(200);
      expect(list.body).toEqual(withheld);
      const refused = await t.http.get(`/v1/documents/${documentId}`).set(as(role)).expect(403);
      expect(refused.body.error).toBe('forbidden');
      expect(JSON.stringify(refused.body)).not.toContain('Протокол');
    }
    expect(await readsOf(caseId)).toEqual([]);

    // Intake who logged the appeal, within their window, and the lawyer once assigned.
    const byIntake = await t.http.get(`/v1/cases/${caseId}/documents`).set(as('intake')).expect(200);
    expect(byIntake.body.personalData).toBe('shown');
    expect(byIntake.body.items[0].fileName).toBe(SECRET_NAME);
    await assignLawyer(caseId);
    const byLawyer = await t.http.get(`/v1/cases/${caseId}/documents`).set(as('lawyer')).expect(200);
    expect(byLawyer.body.items[0].fileName).toBe(SECRET_NAME);
    const got = await t.http.get(`/v1/documents/${documentId}`).set(as('lawyer')).expect(200);
    expect(got.text).toBe('Протокол задержания');
    expect(await readsOf(caseId)).toEqual([
      { user_id: org.users.intake.id, action: 'document-list' },
      { user_id: org.users.lawyer.id, action: 'document-list' },
      { user_id: org.users.lawyer.id, action: 'document-read' },
    ]);
    const { rows } = await t.db.query<{ client_id: string }>(
      `SELECT client_id FROM personal_data_reads WHERE case_id = $1 AND action = 'document-read'`,
      [caseId],
    );
    expect(rows).toEqual([{ client_id: clientId }]);
    // Admins see the download in the case's access log.
    const log = await t.http.get(`/v1/cases/${caseId}/access-log`).set(as('admin')).expect(200);
    expect(log.body.items[0]).toMatchObject({ userId: org.users.lawyer.id, action: 'document-read' });

    // An organization whose admins may see personal data in cases lets them read the papers.
    await t.http
      .put('/v1/organization/need-to-know')
      .set(as('admin'))
      .send({ adminsSeePersonalDataInCases: true })
      .expect(200);
    try {
      await t.http.get(`/v1/documents/${documentId}`).set(as('admin')).expect(200);
    } finally {
      await t.http
        .put('/v1/organization/need-to-know')
        .set(as('admin'))
        .send({ adminsSeePersonalDataInCases: false })
        .expect(200);
    }
    // A document that does not exist is 404 whoever asks.
    await t.http.get(`/v1/documents/${randomUUID()}`).set(as('lawyer')).expect(404);
  });

  it('makes documents unreadable when the person is erased, and deletes their files', async () => {
    const { caseId, clientId } = await newCase();
    const { documentId } = (await upload(caseId, pdfOf(200_000), SECRET_NAME).expect(201)).body;
    await assignLawyer(caseId);
    await t.http.delete(`/v1/clients/${clientId}/personal-data`).set(as('admin')).expect(204);
    expect(await storedFiles()).not.toContain(documentId);
    const got = await t.http.get(`/v1/documents/${documentId}`).set(as('lawyer')).expect(410);
    expect(got.body.error).toBe('gone');
    const list = await t.http.get(`/v1/cases/${caseId}/documents`).set(as('lawyer')).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: documentId, fileName: null })]);
    // A refused download of an erased person's paper is recorded as no read.
    expect((await readsOf(caseId)).filter((r) => r.action.startsWith('document'))).toEqual([]);
    // Nothing new may be sealed for the erased person.
    await upload(caseId, Buffer.from('more'), 'm.txt').expect(409);
  });

  it('refuses to hand out a document whose stored chunk was altered', async () => {
    const { caseId } = await newCase();
    const pdf = pdfOf(3 * MIB);
    const { documentId } = (await upload(caseId, pdf, 'r.pdf').expect(201)).body;
    await assignLawyer(caseId);
    const path = join(t.config.DOCUMENTS_DIR, documentId);
    const stored = await readFile(path);
    stored[12 + 20 * (64 * 1024 + 16) + 100] ^= 0x01; // one bit of the 21st chunk
    await writeFile(path, stored);
    const got = await download(t, `/v1/documents/${documentId}`, token('lawyer'));
    expect(got.complete).toBe(false);
    expect(got.body.length).toBeLessThan(pdf.length);
    expect(got.body.equals(pdf.subarray(0, got.body.length))).toBe(true);
  });
});
