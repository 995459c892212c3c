import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import busboy from 'busboy';
import { CommandHandler } from '@huquq/event-store';
import { AppConfig, TenantDatabase } from '@huquq/platform';
import { FileSealer } from '@huquq/privacy';
import { CommandContext, HuquqError, personIn, requireId, ValidationFailed } from '@huquq/shared-kernel';
import { CaseNotFound } from '../domain/case.decider';
import { DOCUMENT_KINDS, DocumentKind } from '../domain/case.events';
import { mayHandleDocuments } from '../domain/case.policy';
import { caseStream } from '../streams';
import { contentTypeOf, SNIFF_BYTES } from './content-type';
import { DocumentStore } from './document-store';
import { DocumentTooLarge, UnsupportedDocumentType } from './documents.errors';

export interface AttachedDocument {
  documentId: string;
  kind: DocumentKind;
  contentType: string;
  size: number;
}

const unreadableForm = () =>
  new ValidationFailed('The body is not a readable multipart form', [
    { field: 'body', problem: 'malformed multipart form' },
  ]);

const systemError = (error: unknown) =>
  typeof (error as NodeJS.ErrnoException | null)?.code === 'string' &&
  /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!);

/** The file's name as the uploader's computer had it; names longer than this are cut. */
const MAX_FILE_NAME = 255;

/**
 * Holds back the document's first bytes until they tell its type (content-type.ts), counts
 * what passes, and refuses a type not taken before a byte more is sealed.
 */
class TypeByContent extends Transform {
  contentType: string | null = null;
  size = 0;
  private head: Buffer[] = [];
  private headBytes = 0;

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.size += data.length;
    if (this.contentType) return done(null, data);
    this.head.push(data);
    this.headBytes += data.length;
    if (this.headBytes < SNIFF_BYTES) return done();
    this.release(done);
  }

  override _flush(done: TransformCallback) {
    if (this.contentType) return done();
    this.release(done);
  }

  private release(done: TransformCallback) {
    const head = Buffer.concat(this.head, this.headBytes);
    this.head = [];
    this.contentType = contentTypeOf(head.subarray(0, SNIFF_BYTES));
    if (!this.contentType) return done(new UnsupportedDocumentType());
    done(null, head);
  }
}

/**
 * `POST /v1/cases/:id/documents`: a multipart form with a `kind` field and one `file`. The file
 * streams through the type check and the sealing (the client's key, 64 KiB chunks) into the
 * document store; only then is `document-attached` recorded through the one write path, with
 * the sealed file name and never the bytes. Whatever fails on the way leaves no file behind.
 */
@Injectable()
export class DocumentUploads {
  private readonly maxBytes: number;

  constructor(
    config: AppConfig,
    private readonly db: TenantDatabase,
    private readonly commands: CommandHandler,
    private readonly sealer: FileSealer,
    private readonly files: DocumentStore,
  ) {
    this.maxBytes = config.DOCUMENT_MAX_BYTES;
  }

  async upload(context: CommandContext, caseId: string, req: IncomingMessage): Promise<AttachedDocument> {
    const actor = personIn(context);
    mayHandleDocuments(actor);
    const id = requireId(caseId, 'case');
    if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) {
      throw new UnsupportedDocumentType('A document is sent as multipart/form-data');
    }
    const clientId = await this.clientOf(context.orgId, id);
    const documentId = randomUUID();
    const sealing = await this.sealer.sealing({ orgId: context.orgId, subjectId: clientId }, documentId);
    const file = this.files.create(documentId);
    try {
      const form = await this.receive(req, sealing, file.stream);
      await file.keep();
      const attached = { documentId, kind: form.kind, contentType: form.contentType, size: form.size };
      try {
        await this.commands.execute(context, (unit) =>
          unit.decide(caseStream, id, {
            type: 'AttachDocument',
            data: { ...attached, fileName: form.fileName, actor, now: new Date().toISOString() },
          }),
        );
      } catch (error) {
        await this.files.remove([documentId]);
        throw error;
      }
      return attached;
    } catch (error) {
      await file.discard();
      throw error;
    }
  }

  /** The case's client, whose key seals the document; another organization's case is not found. */
  private async clientOf(orgId: string, caseId: string): Promise<string> {
    const { rows } = await this.db.transaction(orgId, (tx) =>
      tx.query<{ client_id: string }>('SELECT client_id FROM case_views WHERE case_id = $1 AND org_id = $2', [
        caseId,
        orgId,
      ]),
    );
    if (!rows[0]) throw new CaseNotFound();
    return rows[0].client_id;
  }

  /** Parses the form as it arrives (busboy); the file goes straight into `sink`, sealed. */
  private receive(req: IncomingMessage, sealing: Transform, sink: NodeJS.WritableStream) {
    return new Promise<{ kind: DocumentKind; contentType: string; size: number; fileName: string | null }>(
      (resolve, reject) => {
        let kind: string | undefined;
        let stored: Promise<{ contentType: string; size: number; fileName: string | null }> | undefined;
        let failed = false;
        const fail = (error: unknown) => {
          if (failed) return;
          failed = true;
          req.unpipe(form);
          // busboy's own errors (no boundary, a form cut short) are the sender's: 400; ours
          // (a store's, 503) and the system's (a full disk: a code such as ENOSPC) are not.
          reject(error instanceof HuquqError || systemError(error) ? error : unreadableForm());
        };
        let form: busboy.Busboy;
        try {
          form = busboy({
            headers: req.headers,
            // Browsers send a file's name as raw UTF-8 (Cyrillic names are the rule here).
            defParamCharset: 'utf8',
            limits: { files: 1, fields: 4, parts: 5, fieldSize: 1024, fileSize: this.maxBytes },
          });
        } catch {
          return reject(unreadableForm());
        }
        form.on('field', (name, value) => {
          if (name === 'kind') kind = value;
        });
        form.on('file', (name, stream: Readable, info) => {
          if (name !== 'file' || stored) {
            stream.resume();
            return;
          }
          const typed = new TypeByContent();
          stream.on('limit', () => stream.destroy(new DocumentTooLarge(this.maxBytes)));
          stored = pipeline(stream, typed, sealing, sink).then(() => ({
            contentType: typed.contentType!,
            size: typed.size,
            fileName: info.filename ? info.filename.slice(0, MAX_FILE_NAME) : null,
          }));
          stored.catch(fail);
        });
        form.on('filesLimit', () =>
          fail(
            new ValidationFailed('Send one document at a time', [
              { field: 'file', problem: 'one file only' },
            ]),
          ),
        );
        form.on('error', fail);
        form.on('close', () => {
          if (failed) return;
          if (!stored) {
            return fail(
              new ValidationFailed('The form has no file', [{ field: 'file', problem: 'is required' }]),
            );
          }
          if (!DOCUMENT_KINDS.includes(kind as DocumentKind)) {
            return fail(
              new ValidationFailed('kind is not one of the document kinds', [
                { field: 'kind', problem: `must be one of ${DOCUMENT_KINDS.join(', ')}` },
              ]),
            );
          }
          stored.then((file) => resolve({ kind: kind as DocumentKind, ...file }), fail);
        });
        req.on('aborted', () => fail(new ValidationFailed('The upload was cut off', [])));
        req.pipe(form);
      },
    );
  }
}
