import { registerDecorator, ValidationOptions } from 'class-validator';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// BCP-47 in its common shapes: ru, tg, uz-Latn, ky-KG.
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Z]{2}|\d{3}))?$/;

function define(name: string, message: string, valid: (value: unknown) => boolean) {
  return (options?: ValidationOptions) => (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { message, ...options },
      validator: { validate: valid },
    });
}

/**
 * The HTTP contract (the OpenAPI document at /docs-json): times are ISO-8601 with an offset, because
 * "10:05" without one means different hours in Moscow and Dushanbe.
 */
export const IsTimeWithOffset = define(
  'isTimeWithOffset',
  'must be an ISO-8601 time with offset, e.g. 2024-03-29T10:05:00+03:00',
  (v) => typeof v === 'string' && ISO_WITH_OFFSET.test(v) && !Number.isNaN(Date.parse(v)),
);

export const IsCalendarDate = define(
  'isCalendarDate',
  'must be a date as YYYY-MM-DD',
  (v) =>
    typeof v === 'string' &&
    ISO_DATE.test(v) &&
    !Number.isNaN(Date.parse(v)) &&
    new Date(v).toISOString().startsWith(v),
);

export const IsLanguageTag = define(
  'isLanguageTag',
  'must be a BCP-47 language tag such as ru, tg, uz',
  (v) => typeof v === 'string' && LANGUAGE_TAG.test(v),
);
