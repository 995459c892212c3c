import { dictionary } from '@zxcvbn-ts/language-common';
import { ValidationFailed } from '@huquq/platform';

const MIN_PASSWORD_LENGTH = 12;
/** The login form accepts at most this many characters; a longer password could never be used. */
const MAX_PASSWORD_LENGTH = 200;

/**
 * The 49k most common passwords, shipped inside @zxcvbn-ts/language-common (nothing is
 * downloaded at run time). Compared without case: `Password1234` is as guessable as `password1234`.
 */
let common: Set<string> | undefined;
const commonPasswords = (): Set<string> =>
  (common ??= new Set(dictionary['passwords-common'].map((word) => word.toLowerCase())));

/** Why a new password is refused, or null when it may be used. */
export function passwordProblem(password: unknown): string | null {
  if (typeof password !== 'string' || [...password].length < MIN_PASSWORD_LENGTH) {
    return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (commonPasswords().has(password.normalize('NFC').toLowerCase())) {
    return 'is one of the most common passwords; choose another';
  }
  return null;
}

/** Throws 400 naming `field` when the password may not be used; says nothing of the password itself. */
export function requireAcceptablePassword(password: unknown, field = 'password'): string {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationFailed(`The password ${problem}`, [{ field, problem }]);
  return password as string;
}
