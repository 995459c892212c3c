import { HuquqError } from '@huquq/shared-kernel';

export class DocumentTooLarge extends HuquqError {
  readonly status = 413;
  readonly code = 'payload_too_large';
  constructor(limit: number) {
    super(`The document is too large (at most ${Math.floor(limit / (1024 * 1024))} MiB)`);
  }
}

export class UnsupportedDocumentType extends HuquqError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
  constructor(
    message = 'Only PDF, JPEG, PNG, HEIC, office documents (DOCX, XLSX, ODT…) and UTF-8 text are taken',
  ) {
    super(message);
  }
}
