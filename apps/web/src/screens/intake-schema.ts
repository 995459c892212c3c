import * as v from 'valibot';
import { APPEAL_TYPES, CHANNELS, URGENCIES } from '../api/vocabulary';

export const COUNTRY = /^[A-Z]{2}$/;
const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;
/** Messages are keys of the message files (`error.*`); the Field shows them translated. */
const text = () => v.pipe(v.string(), v.trim());
const optional = v.optional(text());

/** The person's fields, as intake and a raid's rows both take them. */
export const person = {
  fullName: text(),
  nationality: v.pipe(v.string(), v.trim(), v.toUpperCase()),
  phone: v.optional(
    v.pipe(
      text(),
      v.check((s) => !s || PHONE.test(s), 'error.phone'),
    ),
  ),
  passportNumber: v.optional(
    v.pipe(
      text(),
      v.check((s) => !s || s.length >= 3, 'error.short'),
    ),
  ),
};

const fields = v.object({
  appealType: v.picklist(APPEAL_TYPES, 'error.required'),
  urgency: v.optional(v.picklist([...URGENCIES, ''])),
  clientId: v.optional(v.string()),
  ...person,
  description: v.pipe(text(), v.minLength(1, 'error.required')),
  channel: v.picklist(CHANNELS),
  dateOfBirth: optional,
  language: optional,
  region: optional,
  city: optional,
  location: optional,
  occurredAt: optional,
});

/**
 * A new person needs a name and a nationality; a returning one (clientId) needs neither. Checked
 * even while other fields are wrong (partialCheck), so every problem shows at once.
 */
export const intakeSchema = v.pipe(
  fields,
  v.forward(
    v.partialCheck(
      [['clientId'], ['fullName']],
      (form) => Boolean(form.clientId) || form.fullName.length > 0,
      'error.required',
    ),
    ['fullName'],
  ),
  v.forward(
    v.partialCheck(
      [['clientId'], ['nationality']],
      (form) => Boolean(form.clientId) || COUNTRY.test(form.nationality),
      'error.country',
    ),
    ['nationality'],
  ),
);
export type IntakeForm = v.InferInput<typeof intakeSchema>;
type IntakeValues = v.InferOutput<typeof intakeSchema>;

const orNull = (s: string | undefined) => (s ? s : undefined);
const isoOf = (local: string | undefined) => (local ? new Date(local).toISOString() : undefined);

/** The body of POST /v1/appeals; `receivedAt` is when the worker logged it, online or not. */
export function appealBody(form: IntakeValues, receivedAt: Date) {
  const client = form.clientId
    ? undefined
    : {
        fullName: form.fullName,
        nationality: form.nationality,
        phone: orNull(form.phone),
        passportNumber: orNull(form.passportNumber),
        dateOfBirth: orNull(form.dateOfBirth),
        language: orNull(form.language),
      };
  return {
    appealType: form.appealType,
    channel: form.channel,
    urgency: orNull(form.urgency),
    receivedAt: receivedAt.toISOString(),
    ...(form.clientId ? { clientId: form.clientId } : { client }),
    incident: {
      description: form.description,
      region: orNull(form.region),
      city: orNull(form.city),
      location: orNull(form.location),
      occurredAt: isoOf(form.occurredAt),
    },
  };
}

/** The API's field paths (`client.fullName`, `incident.region`) to this form's names. */
export const intakeFieldOf = (apiField: string) => apiField.replace(/^(client|incident)\./, '');
