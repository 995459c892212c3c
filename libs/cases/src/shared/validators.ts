import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// BCP-47 in its common shapes: ru, tg, uz-Latn, ky-KG.
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Z]{2}|\d{3}))?$/;

/**
 * The years a date or time of a case may fall in. Far wider than any real appeal, birth or
 * deadline, far narrower than PostgreSQL's (4713 BC–294276 AD) and JavaScript's, so no computed
 * instant (a deadline ten days on, a report's next day) ever falls outside either.
 */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;
const RANGE = `between the years ${FIRST_YEAR} and ${LAST_YEAR}`;

const inRange = (text: string) => {
  const year = Number(text.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
};

function define(
  name: string,
  message: string | ((args: ValidationArguments) => string),
  valid: (value: unknown) => boolean,
) {
  return (options?: ValidationOptions) => (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { message, ...options },
      validator: { validate: valid },
    });
}

const isTimeWithOffset = (v: unknown): v is string =>
  typeof v === 'string' && ISO_WITH_OFFSET.test(v) && !Number.isNaN(Date.parse(v));

const isCalendarDate = (v: unknown): v is string =>
  typeof v === 'string' &&
  ISO_DATE.test(v) &&
  !Number.isNaN(Date.parse(v)) &&
  new Date(v).toISOString().startsWith(v);

/**
 * The HTTP contract (the OpenAPI document at /docs-json): times are ISO-8601 with an offset, because
 * "10:05" without one means different hours in Moscow and Dushanbe.
 */
export const IsTimeWithOffset = define(
  'isTimeWithOffset',
  ({ value }) =>
    isTimeWithOffset(value)
      ? `$property must be ${RANGE}`
      : `$property must be an ISO-8601 time with offset ${RANGE}, e.g. 2024-03-29T10:05:00+03:00`,
  (v) => isTimeWithOffset(v) && inRange(v),
);

export const IsCalendarDate = define(
  'isCalendarDate',
  ({ value }) =>
    isCalendarDate(value) ? `$property must be ${RANGE}` : `$property must be a date as YYYY-MM-DD ${RANGE}`,
  (v) => isCalendarDate(v) && inRange(v),
);

export const IsLanguageTag = define(
  'isLanguageTag',
  '$property must be a BCP-47 language tag such as ru, tg, uz',
  (v) => typeof v === 'string' && LANGUAGE_TAG.test(v),
);
