import { ApiProperty } from '@nestjs/swagger';
import { DOCUMENT_KINDS, DocumentKind } from '../domain/case.events';
import type { DocumentItem } from './read-documents';
import type { AttachedDocument } from './upload-document';

/** What the documents' routes answer (the swagger plugin reads this file). */
export class AttachedDocumentResponse implements AttachedDocument {
  /** For GET /v1/documents/{id}. */
  @ApiProperty({ format: 'uuid' })
  documentId: string;

  @ApiProperty({ enum: DOCUMENT_KINDS })
  kind: DocumentKind;

  @ApiProperty({ example: 'application/pdf' })
  contentType: string;

  /** Bytes. */
  size: number;
}

export class DocumentItemResponse implements DocumentItem {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: DOCUMENT_KINDS })
  kind: string;

  @ApiProperty({ example: 'application/pdf' })
  contentType: string;

  /** Bytes. */
  size: number;

  /** As the uploader's computer had it, opened for the reader; null once the person is erased. */
  @ApiProperty({ example: 'постановление суда.pdf', nullable: true, type: String })
  fileName: string | null;

  @ApiProperty({ format: 'date-time' })
  uploadedAt: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  uploadedBy: string | null;
}

export class DocumentList {
  /** `withheld` when need-to-know keeps the person from the reader: file names are then null. */
  @ApiProperty({ enum: ['shown', 'withheld'] })
  personalData: 'shown' | 'withheld';

  items: DocumentItemResponse[];
}
