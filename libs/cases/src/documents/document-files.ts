import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream, type WriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@huquq/platform';
import { requireId } from '@huquq/shared-kernel';

/** A file being written: kept under a temporary name until it is complete. */
export interface FileBeingWritten {
  stream: WriteStream;
  /** Gives the file its name: from now on it is the document's. */
  keep(): Promise<void>;
  /** Removes whatever was written. */
  discard(): Promise<void>;
}

const missingIsFine = (error: NodeJS.ErrnoException) => {
  if (error.code !== 'ENOENT') throw error;
};

/**
 * Where documents' sealed files live: one directory (DOCUMENTS_DIR), each file named by the
 * document's random id, so the directory tells nothing about whose it is. Only ciphertext is
 * ever written here (FileSealer); the event log holds what the document is, never its bytes.
 */
@Injectable()
export class DocumentFiles implements OnModuleInit {
  readonly dir: string;

  constructor(config: AppConfig) {
    this.dir = resolve(config.DOCUMENTS_DIR);
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  pathOf(documentId: string): string {
    return join(this.dir, requireId(documentId, 'document'));
  }

  create(documentId: string): FileBeingWritten {
    const path = this.pathOf(documentId);
    const partial = `${path}.${randomUUID()}.part`;
    const stream = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
    return {
      stream,
      keep: () => rename(partial, path),
      discard: async () => {
        stream.destroy();
        await unlink(partial).catch(missingIsFine);
      },
    };
  }

  async has(documentId: string): Promise<boolean> {
    return stat(this.pathOf(documentId)).then(
      () => true,
      () => false,
    );
  }

  read(documentId: string): ReadStream {
    return createReadStream(this.pathOf(documentId));
  }

  async remove(documentIds: readonly string[]): Promise<void> {
    for (const id of documentIds) await unlink(this.pathOf(id)).catch(missingIsFine);
  }
}
