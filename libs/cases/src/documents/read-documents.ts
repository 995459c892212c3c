import { stat } from 'node:fs/promises';
import type { Transform } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER, TenantDatabase } from '@huquq/platform';
import { FileSealer } from '@huquq/privacy';
import { Actor, HuquqError, NotFound, requireId } from '@huquq/shared-kernel';
import { CaseNotFound } from '../domain/case.decider';
import type { DocumentAttached } from '../domain/case.events';
import { mayHandleDocuments } from '../domain/case.policy';
import { CaseRevealer } from '../case-views/case-revealer';
import { DocumentFiles } from './document-files';

/** The person was erased: their key is gone, and the document with it. */
class DocumentErased extends HuquqError {
  readonly status = 410;
  readonly code = 'gone';
  constructor() {
    super('This document belonged to a person who was erased; it can no longer be read');
  }
}

interface AttachedRow {
  case_id: string;
  client_id: string;
  data: DocumentAttached['data'];
  recorded_at: Date;
  actor_id: string | null;
}

export interface DocumentItem {
  id: string;
  kind: string;
  contentType: string;
  size: number;
  /** Opened for the reader; null once the person is erased. */
  fileName: string | null;
  uploadedAt: string;
  uploadedBy: string | null;
}

export interface DocumentDownload {
  contentType: string;
  size: number;
  file: NodeJS.ReadableStream;
  opening: Transform;
}

/** Documents are read from the case's history (`document-attached`): the log says what a case has. */
const ATTACHED = `
  SELECT h.case_id, v.client_id, h.data, h.recorded_at, h.actor_id
    FROM case_history h JOIN case_views v ON v.case_id = h.case_id AND v.org_id = h.org_id
   WHERE h.org_id = $1 AND h.type = 'document-attached'`;

@Injectable()
export class DocumentReader {
  constructor(
    private readonly db: TenantDatabase,
    private readonly revealer: CaseRevealer,
    private readonly sealer: FileSealer,
    private readonly files: DocumentFiles,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async list(actor: Actor, caseId: string): Promise<{ items: DocumentItem[] }> {
    mayHandleDocuments(actor);
    const id = requireId(caseId, 'case');
    const rows = await this.db.transaction(actor.orgId, async (tx) => {
      const found = await tx.query('SELECT 1 FROM case_views WHERE case_id = $1 AND org_id = $2', [
        id,
        actor.orgId,
      ]);
      if (!found.rowCount) return null;
      const { rows } = await tx.query<AttachedRow>(
        `${ATTACHED} AND h.case_id = $2 ORDER BY h.global_position`,
        [actor.orgId, id],
      );
      return rows;
    });
    if (!rows) throw new CaseNotFound();
    const items = await Promise.all(
      rows.map(async (row) => {
        // Documents are for intake, lawyers and admins only (coordinators get 403); within those
        // roles the need-to-know rule does not reach them yet (see decision 0100).
        const opened = await this.revealer.historyEvent(
          actor.orgId,
          row.client_id,
          { type: 'document-attached', data: row.data },
          true,
        );
        return {
          id: row.data.documentId,
          kind: row.data.kind,
          contentType: row.data.contentType,
          size: row.data.size,
          fileName: opened.data.fileName ?? null,
          uploadedAt: row.recorded_at.toISOString(),
          uploadedBy: row.actor_id,
        };
      }),
    );
    return { items };
  }

  /**
   * The document's bytes as they stream out of the store, opened chunk by chunk. Every read is
   * a security event in the log (who, which document, which case; nothing of the person).
   */
  async download(actor: Actor, documentId: string): Promise<DocumentDownload> {
    mayHandleDocuments(actor);
    const id = requireId(documentId, 'document');
    const { rows } = await this.db.transaction(actor.orgId, (tx) =>
      tx.query<AttachedRow>(`${ATTACHED} AND h.data->>'documentId' = $2`, [actor.orgId, id]),
    );
    const row = rows[0];
    if (!row) throw new NotFound('document');
    const opening = await this.sealer.opening({ orgId: actor.orgId, subjectId: row.client_id }, id);
    if (!opening) throw new DocumentErased();
    await stat(this.files.pathOf(id)).catch(() => {
      throw new DocumentErased();
    });
    this.logger.info(
      {
        securityEvent: 'document_read',
        orgId: actor.orgId,
        userId: actor.userId,
        caseId: row.case_id,
        documentId: id,
      },
      'document read',
    );
    return { contentType: row.data.contentType, size: row.data.size, file: this.files.read(id), opening };
  }
}
