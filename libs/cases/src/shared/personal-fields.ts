import { Injectable } from '@nestjs/common';
import { EnvelopeProtector, KeySubject, PersonalDataProtector, SealedField } from '@huquq/privacy';
import { PersonalData } from '../domain/client.events';

const PERSON_FIELDS = ['fullName', 'phone', 'passportNumber', 'dateOfBirth'] as const;
type PersonField = (typeof PERSON_FIELDS)[number];

/**
 * The one place cases seal and open personal data. Field names are bound into each value's
 * authenticated data, so a value copied into another field or another person's record fails.
 */
@Injectable()
export class PersonalFields {
  constructor(private readonly protector: PersonalDataProtector) {}

  async seal(subject: KeySubject, field: string, value: string | null | undefined): Promise<string | null> {
    return value === null || value === undefined ? null : this.protector.seal(subject, field, value);
  }

  /** null for a missing value, and for an erased person's value. */
  async open(subject: KeySubject, field: string, sealed: string | null | undefined): Promise<string | null> {
    return sealed === null || sealed === undefined ? null : this.protector.open(subject, field, sealed);
  }

  /**
   * open() for many values at once, in order: one key lookup for every subject not cached,
   * rather than one per value (a projection's page of new clients).
   */
  async openMany(
    values: { subject: KeySubject; field: string; sealed: string | null | undefined }[],
  ): Promise<Array<string | null>> {
    if (!(this.protector instanceof EnvelopeProtector)) {
      return Promise.all(values.map((value) => this.open(value.subject, value.field, value.sealed)));
    }
    const present = values.filter(
      (value): value is SealedField => value.sealed !== null && value.sealed !== undefined,
    );
    const opened = await this.protector.openMany(present);
    let next = 0;
    return values.map((value) =>
      value.sealed === null || value.sealed === undefined ? null : opened[next++],
    );
  }

  async sealPerson(
    subject: KeySubject,
    person: Partial<Record<PersonField, string | null>>,
  ): Promise<PersonalData> {
    // The first seal finds or makes the person's key; the others then find it in the cache
    // instead of each asking the database for it at once.
    const fullName = await this.seal(subject, 'fullName', person.fullName);
    const [phone, passportNumber, dateOfBirth] = await Promise.all(
      (['phone', 'passportNumber', 'dateOfBirth'] as const).map((field) =>
        this.seal(subject, field, person[field]),
      ),
    );
    return { fullName: fullName!, phone, passportNumber, dateOfBirth };
  }

  async openPerson(
    subject: KeySubject,
    sealed: Partial<PersonalData> | null,
    fields: readonly PersonField[] = PERSON_FIELDS,
  ): Promise<Partial<PersonalData> | null> {
    if (!sealed) return null;
    const opened = await Promise.all(fields.map((field) => this.open(subject, field, sealed[field])));
    if (sealed.fullName && opened[fields.indexOf('fullName')] === null) return null; // erased
    return Object.fromEntries(fields.map((field, i) => [field, opened[i]]));
  }
}
