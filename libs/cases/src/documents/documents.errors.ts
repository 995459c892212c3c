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

/**
 * The document store (the S3-compatible service) refused or did not answer: nothing was
 * stored, and trying again later may work. Not the sender's mistake.
 */
export class DocumentStoreUnavailable extends HuquqError {
  readonly status = 503;
  readonly code = 'service_unavailable';
  constructor(cause: unknown) {
    super('The document store is not answering; nothing was stored, try again shortly');
    this.cause = cause;
  }
}
