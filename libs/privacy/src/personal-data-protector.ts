/**
 * Whose key protects a piece of personal data: a client (their name, their case's free text)
 * or an incident (a raid's description). Erasing the subject destroys the key.
 */
export interface KeySubject {
  orgId: string;
  subjectId: string;
}

/**
 * Seals personal text before it is stored anywhere (events, views, queues) and opens it for a
 * reader. `open` answers null once the subject's key is destroyed: the person is erased.
 */
export abstract class PersonalDataProtector {
  abstract seal(subject: KeySubject, field: string, plaintext: string): Promise<string>;
  abstract open(subject: KeySubject, field: string, sealed: string): Promise<string | null>;
}
