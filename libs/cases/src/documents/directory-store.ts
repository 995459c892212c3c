import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { join, resolve } from 'node:path';
import { requireId } from '@huquq/shared-kernel';
import { DocumentStore, FileBeingWritten } from './document-store';

const missingIsFine = (error: NodeJS.ErrnoException) => {
  if (error.code !== 'ENOENT') throw error;
};

/**
 * The default store: one directory (DOCUMENTS_DIR, mode 0700), each file named by the
 * document's random id, so the directory tells nothing about whose it is. A file is written
 * under a temporary name and renamed once complete.
 */
export class DirectoryDocumentStore extends DocumentStore {
  readonly dir: string;

  constructor(dir: string) {
    super();
    this.dir = resolve(dir);
  }

  async prepare(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  private pathOf(documentId: string): string {
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

  async read(documentId: string): Promise<Readable> {
    return createReadStream(this.pathOf(documentId));
  }

  async remove(documentIds: readonly string[]): Promise<void> {
    for (const id of documentIds) await unlink(this.pathOf(id)).catch(missingIsFine);
  }
}
