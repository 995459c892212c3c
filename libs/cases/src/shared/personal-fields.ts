import { Injectable } from '@nestjs/common';
import { KeySubject, PersonalDataProtector } from '@huquq/privacy';
import { PersonalData } from '../clients/client.events';

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

  async sealPerson(subject: KeySubject, person: Partial<Record<PersonField, string | null>>): Promise<PersonalData> {
    const [fullName, phone, passportNumber, dateOfBirth] = await Promise.all(
      PERSON_FIELDS.map((field) => this.seal(subject, field, person[field])),
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
