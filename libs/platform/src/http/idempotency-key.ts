import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ValidationFailed } from '@huquq/shared-kernel';

/** The header's value when it is a sensible key; a clear 400 otherwise. */
function idempotencyKeyFrom(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(header)) {
    throw new ValidationFailed('Idempotency-Key must be 1-200 visible ASCII characters', [
      { field: 'Idempotency-Key', problem: 'must be 1-200 visible ASCII characters' },
    ]);
  }
  return header;
}

/**
 * The optional Idempotency-Key of a POST command: a client on a bad connection retries with
 * the same key and gets the first answer, whatever happened to the first try.
 */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  idempotencyKeyFrom(
    context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers[
      'idempotency-key'
    ],
  ),
);
