import type { SealedFields } from '@huquq/shared-kernel';

/** Whose key: the organization and the subject (a client, an incident). */
export interface SealingSubject {
  orgId: string;
  subjectId: string;
}

/** The privacy layer as the write path sees it (PersonalDataProtector fits). */
export interface Sealer {
  seal(subject: SealingSubject, field: string, plaintext: string): Promise<string>;
  open(subject: SealingSubject, field: string, sealed: string): Promise<string | null>;
}

type Data = Record<string, unknown>;
type FieldMap = Readonly<Record<string, string>> | undefined;

/** The declared fields of one event type. */
export function sealedFieldsOf<S>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  declaration: SealedFields<S, any> | undefined,
  type: string,
): FieldMap {
  return (declaration?.fields as Record<string, FieldMap> | undefined)?.[type];
}

/** A copy of `data` with every declared string field sealed; the rest untouched. */
export async function sealFields<T>(
  sealer: Sealer,
  subject: SealingSubject,
  fields: FieldMap,
  data: T,
): Promise<T> {
  return transform(data, fields, (field, value) => sealer.seal(subject, field, value));
}

/**
 * A copy of `data` with every declared field opened for a reader: null where the subject's key
 * is destroyed (the person is erased).
 */
export async function openFields<T>(
  sealer: Sealer,
  subject: SealingSubject,
  fields: FieldMap,
  data: T,
): Promise<T> {
  return transform(data, fields, async (field, value) =>
    // Free text recorded before its field was declared sealed is still plain: shown as stored.
    isSealedValue(value) ? sealer.open(subject, field, value) : value,
  );
}

/**
 * A copy of `data` with every declared field withheld (null), sealed or not: what a reader
 * without need-to-know gets in place of the free text.
 */
export async function withholdFields<T>(fields: FieldMap, data: T): Promise<T> {
  return transform(data, fields, async () => null);
}

/**
 * A copy of `data` in which every declared field still in plaintext (recorded before its field
 * was declared sealed) is replaced by what `seal` makes of it; values already sealed, null and
 * absent ones stay as they are. For resealing old history, never for new events.
 */
export async function sealPlainFields<T>(
  fields: FieldMap,
  data: T,
  seal: (field: string, plaintext: string) => Promise<string | null>,
): Promise<T> {
  return transform(data, fields, async (field, value) => (isSealedValue(value) ? value : seal(field, value)));
}

/** Every sealed value starts so (see the privacy library's envelope format). */
export const SEALED_PREFIX = 'pd1.';

/** Sealed, as far as its form tells: the rest is plaintext. */
export const isSealedValue = (value: string): boolean => value.startsWith(SEALED_PREFIX);

async function transform<T>(
  data: T,
  fields: FieldMap,
  change: (field: string, value: string) => Promise<string | null>,
): Promise<T> {
  if (!fields || data === null || typeof data !== 'object') return data;
  const copy = structuredClone(data) as Data;
  const targets = Object.entries(fields).flatMap(([path, field]) => {
    const keys = path.split('.');
    const parent = keys.slice(0, -1).reduce<Data | null>((node, key) => {
      const next = node?.[key];
      return next !== null && typeof next === 'object' ? (next as Data) : null;
    }, copy);
    const last = keys[keys.length - 1];
    const value = parent?.[last];
    return parent && typeof value === 'string' ? [{ parent, last, field, value }] : [];
  });
  // The first alone: it finds (or makes) the subject's key, which the others then find cached.
  const [first, ...rest] = targets;
  if (first) first.parent[first.last] = await change(first.field, first.value);
  await Promise.all(rest.map(async (t) => (t.parent[t.last] = await change(t.field, t.value))));
  return copy as T;
}
