import { NotFound } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id cannot name anything, so it answers like an unknown one. */
export function requireId(id: string, what: string): string {
  if (!UUID.test(id)) throw new NotFound(what);
  return id.toLowerCase();
}

export const isUuid = (value: string) => UUID.test(value);
