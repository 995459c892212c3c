import type { KeySubject } from '../personal-data-protector';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The subject in the one spelling used for AAD and cache keys. PostgreSQL treats upper- and
 * lower-case UUIDs as equal; the AAD must too, or a value sealed under one spelling would fail
 * to open under the other. UUIDs (no `|`) also keep `org|subject|field` unambiguous.
 */
export function canonicalSubject(subject: KeySubject): KeySubject {
  if (!subject || typeof subject.orgId !== 'string' || !UUID.test(subject.orgId)) {
    throw new TypeError('KeySubject.orgId must be a UUID');
  }
  if (typeof subject.subjectId !== 'string' || !UUID.test(subject.subjectId)) {
    throw new TypeError('KeySubject.subjectId must be a UUID');
  }
  return { orgId: subject.orgId.toLowerCase(), subjectId: subject.subjectId.toLowerCase() };
}

export function canonicalSubjectId(subjectId: string): string {
  if (typeof subjectId !== 'string' || !UUID.test(subjectId))
    throw new TypeError('subject id must be a UUID');
  return subjectId.toLowerCase();
}

/** What a personal value is bound to: moving it to another org, person or field breaks it. */
export function fieldAad(subject: KeySubject, field: string): string {
  if (typeof field !== 'string' || field.length === 0)
    throw new TypeError('field must be a non-empty string');
  return `${subject.orgId}|${subject.subjectId}|${field}`;
}
