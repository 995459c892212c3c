import { PassThrough, type Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { requireId } from '@huquq/shared-kernel';
import { DocumentStore, FileBeingWritten } from './document-store';
import { DocumentStoreUnavailable } from './documents.errors';

export interface S3StoreOptions {
  bucket: string;
  region: string;
  /** An S3-compatible service's URL (MinIO…); unset: AWS S3. */
  endpoint?: string;
  /** http://host/bucket/key rather than http://bucket.host/key (MinIO and most self-hosted services). */
  forcePathStyle: boolean;
}

/** A multipart upload's part: S3's smallest, so at most two parts of a document are in memory. */
const PART_BYTES = 5 * 1024 * 1024;
/** DeleteObjects takes at most this many keys per call. */
const DELETE_BATCH = 1000;

const notFound = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.$metadata.httpStatusCode === 404 || error.name === 'NotFound' || error.name === 'NoSuchKey');

/**
 * Documents' sealed contents as objects of an S3-compatible bucket (DOCUMENTS_STORE=s3), each
 * keyed by the document's random id, through the AWS SDK (`@aws-sdk/client-s3`). An upload
 * streams (`@aws-sdk/lib-storage`: multipart in 5 MiB parts, a single PUT under that) and
 * becomes visible only when complete, like the directory's rename; a failed one is aborted.
 * Credentials come from the SDK's usual chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a
 * profile, an instance role): huquq never holds them in its own configuration.
 */
export class S3DocumentStore extends DocumentStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: S3StoreOptions) {
    super();
    this.bucket = options.bucket;
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
    });
  }

  /** The bucket must answer at start; a missing one is created (operators may well make it first). */
  async prepare(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      if (!notFound(error)) throw error;
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  private keyOf(documentId: string): string {
    return requireId(documentId, 'document');
  }

  create(documentId: string): FileBeingWritten {
    const key = this.keyOf(documentId);
    // What the sealing writes, piped into what the upload reads: an upload that fails drops its
    // end (aborting it), but the writer's end then fails with the store's error below (503), not
    // with the abort of a stream it never saw.
    const stream = new PassThrough();
    const body = new PassThrough();
    stream.pipe(body);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/octet-stream' },
      partSize: PART_BYTES,
      queueSize: 1,
      leavePartsOnError: false,
    });
    const done = upload.done().catch((error: unknown) => {
      throw new DocumentStoreUnavailable(error);
    });
    // The store refusing or unreachable: the upload's pipeline fails at once (503) rather than
    // waiting on a stream nobody reads any more.
    done.catch((error: Error) => stream.destroy(error));
    return {
      stream,
      keep: async () => {
        await done;
      },
      discard: async () => {
        stream.destroy();
        body.destroy();
        await upload.abort().catch(() => undefined);
        await done.catch(() => undefined);
        // A small document may have been put whole before the failure came after it.
        await this.client
          .send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }))
          .catch(() => undefined);
      },
    };
  }

  async has(documentId: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(documentId) }));
      return true;
    } catch (error) {
      if (notFound(error)) return false;
      throw error;
    }
  }

  async read(documentId: string): Promise<Readable> {
    const got = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(documentId) }),
    );
    return got.Body as Readable;
  }

  async remove(documentIds: readonly string[]): Promise<void> {
    const keys = documentIds.map((id) => this.keyOf(id));
    for (let at = 0; at < keys.length; at += DELETE_BATCH) {
      const batch = keys.slice(at, at + DELETE_BATCH);
      const { Errors } = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      // Deleting what is not there succeeds in S3; anything else left must not pass silently.
      if (Errors?.length)
        throw new Error(`The document store kept ${Errors.length} object(s) it was asked to delete`);
    }
  }

  /** Nest calls it at shutdown: the client's kept-alive sockets go with the process's work. */
  onModuleDestroy(): void {
    this.client.destroy();
  }
}
