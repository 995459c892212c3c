import { z } from 'zod/mini';
import { APPEAL_TYPES, CHANNELS, URGENCIES } from '../api/vocabulary';

const text = () => z.string().check(z.trim());
const optional = z.optional(text());
export const COUNTRY = /^[A-Z]{2}$/;
const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;

/** The person's fields, as intake and a raid's rows both take them. */
export const person = {
  fullName: text(),
  nationality: z.string().check(z.trim(), z.toUpperCase()),
  phone: z.optional(text().check(z.refine((v) => !v || PHONE.test(v), 'error.phone'))),
  passportNumber: z.optional(text().check(z.refine((v) => !v || v.length >= 3, 'error.short'))),
};

export const intakeSchema = z
  .object({
    appealType: z.enum(APPEAL_TYPES, { message: 'error.required' }),
    urgency: z.optional(z.enum([...URGENCIES, ''])),
    clientId: z.optional(z.string()),
    ...person,
    description: text().check(z.minLength(1, 'error.required')),
    channel: z.enum(CHANNELS),
    dateOfBirth: optional,
    language: optional,
    region: optional,
    city: optional,
    location: optional,
    occurredAt: optional,
  })
  .check(
    // Runs even when other fields failed, so every problem shows at once.
    z.superRefine(
      (form, ctx) => {
        if (form.clientId) return;
        if (!form.fullName?.trim())
          ctx.addIssue({ code: 'custom', path: ['fullName'], message: 'error.required', input: form });
        if (!COUNTRY.test(form.nationality?.trim().toUpperCase() ?? ''))
          ctx.addIssue({ code: 'custom', path: ['nationality'], message: 'error.country', input: form });
      },
      { when: () => true },
    ),
  );
export type IntakeForm = z.input<typeof intakeSchema>;
type IntakeValues = z.output<typeof intakeSchema>;

const orNull = (v: string | undefined) => (v ? v : undefined);
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
