import type { Transform } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { NeedToKnow, PersonalDataMarker, ReadAudit } from '@huquq/follow-ups';
import { LOGGER, TenantDatabase } from '@huquq/platform';
import { FileSealer } from '@huquq/privacy';
import { Actor, Forbidden, HuquqError, NotFound, requireId } from '@huquq/shared-kernel';
import { CaseNotFound } from '../domain/case.decider';
import type { DocumentAttached } from '../domain/case.events';
import { mayHandleDocuments } from '../domain/case.policy';
import { CaseRevealer } from '../case-views/case-revealer';
import { DocumentStore } from './document-store';

/** The person was erased: their key is gone, and the document with it. */
class DocumentErased extends HuquqError {
  readonly status = 410;
  readonly code = 'gone';
  constructor() {
    super('This document belonged to a person who was erased; it can no longer be read');
  }
}

/** The reader may see the case, but not the person's papers (decision 0095). */
class NoNeedToKnow extends Forbidden {
  constructor() {
    super("Only those whose work needs this person's data may read their documents");
  }
}

interface AttachedRow {
  case_id: string;
  client_id: string;
  erased: boolean;
  data: DocumentAttached['data'];
  recorded_at: Date;
  actor_id: string | null;
}

export interface DocumentItem {
  id: string;
  kind: string;
  contentType: string;
  size: number;
  /** Opened for a reader with need-to-know; null when withheld or once the person is erased. */
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
  SELECT h.case_id, v.client_id, coalesce(cl.erased, false) AS erased, h.data, h.recorded_at, h.actor_id
    FROM case_history h JOIN case_views v ON v.case_id = h.case_id AND v.org_id = h.org_id
    LEFT JOIN client_views cl ON cl.client_id = v.client_id
   WHERE h.org_id = $1 AND h.type = 'document-attached'`;

@Injectable()
export class DocumentReader {
  constructor(
    private readonly db: TenantDatabase,
    private readonly revealer: CaseRevealer,
    private readonly sealer: FileSealer,
    private readonly files: DocumentStore,
    private readonly needToKnow: NeedToKnow,
    private readonly audit: ReadAudit,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * The case's documents. That a paper exists, its kind, type and size are the case's, like its
   * status; the file's name is the person's (a name often holds theirs): shown only with
   * need-to-know, and that showing is recorded as a read.
   */
  async list(
    actor: Actor,
    caseId: string,
  ): Promise<{ personalData: PersonalDataMarker; items: DocumentItem[] }> {
    mayHandleDocuments(actor);
    const id = requireId(caseId, 'case');
    const found = await this.db.transaction(actor.orgId, async (tx) => {
      const exists = await tx.query('SELECT 1 FROM case_views WHERE case_id = $1 AND org_id = $2', [
        id,
        actor.orgId,
      ]);
      if (!exists.rowCount) return null;
      const { rows } = await tx.query<AttachedRow>(
        `${ATTACHED} AND h.case_id = $2 ORDER BY h.global_position`,
        [actor.orgId, id],
      );
      const shown = await this.needToKnow.seesCase(tx, actor, id);
      const named = rows.filter((row) => !row.erased && row.data.fileName);
      if (shown && named.length > 0) {
        await this.audit.record(tx, actor, 'document-list', [{ caseId: id, clientId: named[0].client_id }]);
      }
      return { rows, shown };
    });
    if (!found) throw new CaseNotFound();
    const { rows, shown } = found;
    const items = await Promise.all(
      rows.map(async (row) => {
        const opened = await this.revealer.historyEvent(
          actor.orgId,
          row.client_id,
          { type: 'document-attached', data: row.data },
          shown,
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
    return { personalData: shown ? 'shown' : 'withheld', items };
  }

  /**
   * The document's bytes as they stream out of the store, opened chunk by chunk. Only a reader
   * with need-to-know of the case gets them (others: 403, as they may see the case but not the
   * person). Every download is recorded in `personal_data_reads` in the transaction that allowed
   * it, and is a security event in the log (who, which document, which case; nothing of the person).
   */
  async download(actor: Actor, documentId: string): Promise<DocumentDownload> {
    mayHandleDocuments(actor);
    const id = requireId(documentId, 'document');
    const { row, opening } = await this.db.transaction(actor.orgId, async (tx) => {
      const { rows } = await tx.query<AttachedRow>(`${ATTACHED} AND h.data->>'documentId' = $2`, [
        actor.orgId,
        id,
      ]);
      const row = rows[0];
      if (!row) throw new NotFound('document');
      if (!(await this.needToKnow.seesCase(tx, actor, row.case_id))) throw new NoNeedToKnow();
      const opening = await this.sealer.opening({ orgId: actor.orgId, subjectId: row.client_id }, id);
      if (!opening || !(await this.files.has(id))) throw new DocumentErased();
      await this.audit.record(tx, actor, 'document-read', [{ caseId: row.case_id, clientId: row.client_id }]);
      return { row, opening };
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
    return {
      contentType: row.data.contentType,
      size: row.data.size,
      file: await this.files.read(id),
      opening,
    };
  }
}
