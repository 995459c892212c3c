import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemDetail, ValidationFailed } from '@huquq/shared-kernel';

/**
 * What is wrong with a field, to read after its name: `must be a UUID`. class-validator's own
 * messages start with the field's name ("lawyerId must be a UUID"), which is dropped; ours are
 * written without it ("must be a phone number …") and kept whole.
 */
function problemOf(property: string, rule: string, message: string): string {
  if (rule === 'whitelistValidation') return 'is not a field of this request';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/** Every bad field, with its dotted path (`client.fullName`, `people.3.phone`), not just the first. */
function describeValidationErrors(errors: ValidationError[], parent = ''): ProblemDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // `constraint` (class-validator's rule: isEmail, maxLength, isTimeZone…) lets a client say
    // the problem in its own language; `problem` stays the English sentence.
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      problem: problemOf(error.property, rule, message),
      constraint: rule,
    }));
    return [...own, ...describeValidationErrors(error.children ?? [], field)];
  });
}

/** Problems named in the message itself; the rest are in `details`. */
const PROBLEMS_IN_MESSAGE = 5;

/** "The request has invalid fields: receivedAt must be …; client.phone must be …." */
export function invalidFieldsMessage(problems: ProblemDetail[]): string {
  const named = problems.slice(0, PROBLEMS_IN_MESSAGE).map((p) => `${p.field} ${p.problem}`);
  const more = problems.length - named.length;
  return `The request has invalid fields: ${named.join('; ')}${more > 0 ? ` and ${more} more` : ''}.`;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = describeValidationErrors(errors);
      return new ValidationFailed(invalidFieldsMessage(problems), problems);
    },
  });
}
