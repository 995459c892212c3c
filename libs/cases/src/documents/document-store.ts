import type { Readable, Writable } from 'node:stream';

/** A document's sealed contents being written: not the document's until `keep` resolves. */
export interface FileBeingWritten {
  stream: Writable;
  /** Makes the contents the document's: from now on `read` finds them. */
  keep(): Promise<void>;
  /** Removes whatever was written; after a failure, never throws for what was not there. */
  discard(): Promise<void>;
}

/**
 * Where documents' sealed contents live, named by the document's random id: a directory
 * (DOCUMENTS_DIR) or an S3-compatible bucket (DOCUMENTS_STORE=s3). Either way it is handed
 * ciphertext only (FileSealer seals before, opens after): the store never sees a byte of the
 * document, its name or whose it is (decisions 0100, 0112).
 */
export abstract class DocumentStore {
  /** Makes the store ready at start (the directory, the bucket); a store that cannot be reached stops the start. */
  abstract prepare(): Promise<void>;
  abstract create(documentId: string): FileBeingWritten;
  abstract has(documentId: string): Promise<boolean>;
  abstract read(documentId: string): Promise<Readable>;
  /** Deletes the documents' contents (erasure); those already gone are fine. */
  abstract remove(documentIds: readonly string[]): Promise<void>;
}
