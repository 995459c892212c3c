import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemDetail, ValidationFailed } from '@huquq/shared-kernel';

/** Every bad field, with its dotted path (`client.fullName`, `people.3.phone`), not just the first. */
function describeValidationErrors(errors: ValidationError[], parent = ''): ProblemDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      problem: rule === 'whitelistValidation' ? 'unknown field' : message.replace(/^[\w.]+ /, ''),
    }));
    return [...own, ...describeValidationErrors(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new ValidationFailed('The request has invalid fields', describeValidationErrors(errors)),
  });
}
