import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsString, IsUUID, Matches, ValidateNested } from 'class-validator';
import { ValidationFailed } from '@huquq/shared-kernel';
import { createValidationPipe } from './validation';

class Person {
  // A message of our own, written without the field's name.
  @Matches(/^\+?[0-9]{5,}$/, { message: 'must be a phone number such as +79161234567' })
  phone: string;
}

class Body {
  // class-validator's own message: "lawyerId must be a UUID".
  @IsUUID()
  lawyerId: string;

  @IsString({ message: '$property must be text' })
  note: string;

  @ValidateNested()
  @Type(() => Person)
  client: Person;
}

async function refusal(value: unknown): Promise<ValidationFailed> {
  const meta: ArgumentMetadata = { type: 'body', metatype: Body };
  try {
    await createValidationPipe().transform(value, meta);
  } catch (error) {
    return error as ValidationFailed;
  }
  throw new Error('accepted');
}

describe('validation messages', () => {
  it('name each field and say what it must be, as a sentence, keeping the verb', async () => {
    const error = await refusal({ lawyerId: 'x', note: 5, client: { phone: 'call me' }, extra: 1 });
    expect(error.details).toEqual([
      { field: 'extra', problem: 'is not a field of this request', constraint: 'whitelistValidation' },
      { field: 'lawyerId', problem: 'must be a UUID', constraint: 'isUuid' },
      { field: 'note', problem: 'must be text', constraint: 'isString' },
      {
        field: 'client.phone',
        problem: 'must be a phone number such as +79161234567',
        constraint: 'matches',
      },
    ]);
    expect(error.message).toBe(
      'The request has invalid fields: extra is not a field of this request; lawyerId must be a UUID; ' +
        'note must be text; client.phone must be a phone number such as +79161234567.',
    );
  });
});
