import { ValidationFailed } from '@huquq/shared-kernel';

/** The Idempotency-Key header as the API accepts it: 1-200 visible ASCII characters, or none. */
export function idempotencyKeyFrom(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(header)) {
    throw new ValidationFailed('Idempotency-Key must be 1-200 visible ASCII characters', [
      { field: 'Idempotency-Key', problem: 'must be 1-200 visible ASCII characters' },
    ]);
  }
  return header;
}
