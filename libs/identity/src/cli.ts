import { isEmail } from 'class-validator';
import { ProblemDetail, Sql, ValidationFailed } from '@huquq/platform';
import { IdentityRepository, isUuid } from './identity.repository';
import { isRole, ROLES } from '@huquq/shared-kernel';

/** What the command line hands over: strings when given, anything else when mistyped. */
export interface CreateOrgArgs {
  name?: unknown;
}

export interface CreateUserArgs {
  org?: unknown;
  email?: unknown;
  role?: unknown;
  password?: unknown;
}

const MIN_PASSWORD_LENGTH = 8;
// The login form accepts at most this many characters; a longer password could never be used.
const MAX_PASSWORD_LENGTH = 200;
const MAX_NAME_LENGTH = 200;

function refuse(what: string, problems: ProblemDetail[]): never {
  const list = problems.map((p) => `--${p.field} ${p.problem}`).join('; ');
  throw new ValidationFailed(`Cannot create the ${what}: ${list}`, problems);
}

/** `org:create --name X` → {id}; the same name again answers the same id. */
export async function createOrgCommand(db: Sql, args: CreateOrgArgs): Promise<{ id: string }> {
  const name = typeof args.name === 'string' ? args.name.trim() : '';
  if (!name) refuse('organization', [{ field: 'name', problem: 'is required' }]);
  if (name.length > MAX_NAME_LENGTH) {
    refuse('organization', [{ field: 'name', problem: `must be at most ${MAX_NAME_LENGTH} characters` }]);
  }
  const { id } = await new IdentityRepository(db).createOrganization(name);
  return { id };
}

/**
 * `user:create --org <id> --email <e> --role <r> --password <p>` → {id}. The same email in the
 * same organization answers the existing id and keeps its password and role.
 */
export async function createUserCommand(db: Sql, args: CreateUserArgs): Promise<{ id: string }> {
  // Every bad argument is reported at once, so an admin fixes the command line in one go.
  const problems: ProblemDetail[] = [];
  const reject = (field: string, problem: string): undefined => void problems.push({ field, problem });

  const org =
    typeof args.org === 'string' && isUuid(args.org)
      ? args.org
      : reject('org', 'must be an organization id (a UUID)');
  const typed = typeof args.email === 'string' ? args.email.trim() : '';
  const email = typed.length <= 320 && isEmail(typed) ? typed : reject('email', 'must be an email address');
  const role = isRole(args.role) ? args.role : reject('role', `must be one of ${ROLES.join(', ')}`);
  const password =
    typeof args.password !== 'string' || args.password.length < MIN_PASSWORD_LENGTH
      ? reject('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`)
      : args.password.length > MAX_PASSWORD_LENGTH
        ? reject('password', `must be at most ${MAX_PASSWORD_LENGTH} characters`)
        : args.password;
  if (!org || !email || !role || !password) refuse('user', problems);

  const { id } = await new IdentityRepository(db).createUser({ orgId: org, email, role, password });
  return { id };
}
