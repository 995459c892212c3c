import { createHmac } from 'node:crypto';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Tells whether a retry with an Idempotency-Key carries the same body as the first try. Keyed,
 * because a plain hash of a short body (a name, a passport number) could be guessed back.
 */
export function requestFingerprint(key: string, body: unknown): string {
  return createHmac('sha256', key).update('idempotency:').update(canonical(body)).digest('base64url');
}
