import { randomBytes } from 'node:crypto';
import { isEmail } from 'class-validator';
import { CommandHandler, EventStore } from '@huquq/event-store';
import { Database, NotFound, ProblemDetail, Sql, TenantDatabase, ValidationFailed } from '@huquq/platform';
import { isRole, Role, ROLES, systemContext } from '@huquq/shared-kernel';
import { IdentityRepository, isUuid, User, USER_STATUSES, UserStatus } from './identity.repository';
import { passwordProblem } from './password-policy';
import { UserAdministration } from './users/user-administration';

/** What the command line hands over: strings when given, anything else when mistyped. */
export interface CreateOrgArgs {
  name?: unknown;
}

export interface CreateUserArgs {
  org?: unknown;
  email?: unknown;
  role?: unknown;
  name?: unknown;
  /** Read from stdin or a prompt by the CLI, never from its arguments. */
  password?: unknown;
}

export interface UpdateUserArgs {
  user?: unknown;
  role?: unknown;
  name?: unknown;
  status?: unknown;
}

const MAX_NAME_LENGTH = 200;
/** Who the log says acted, for changes made at the command line. */
const CLI = 'cli';

/**
 * User administration outside the service (the command line, bootstrap scripts, tests), through
 * the same write path as the API: each change an event of the user's stream. The owner's
 * connection stands in for the request path's role (row-level security lets it through; the
 * command still names its organization). User events seal nothing and feed no inline view, so
 * this write path needs neither keys nor views — should one ever be added, it belongs here too.
 */
async function withUserAdministration<T>(
  db: Database,
  work: (users: UserAdministration) => Promise<T>,
): Promise<T> {
  const tenants = new TenantDatabase(db.url, 2);
  const sealsNothing = {
    seal: () => Promise.reject(new Error('User events seal nothing')),
    open: () => Promise.reject(new Error('User events seal nothing')),
  };
  try {
    const commands = new CommandHandler(
      tenants,
      new EventStore(db),
      sealsNothing,
      [],
      randomBytes(32).toString('hex'),
    );
    return await work(new UserAdministration(commands, db));
  } finally {
    await tenants.pool.end();
  }
}

function refuse(what: string, problems: ProblemDetail[]): never {
  const list = problems.map((p) => `--${p.field} ${p.problem}`).join('; ');
  throw new ValidationFailed(`Cannot ${what}: ${list}`, problems);
}

/** `org:create --name X` → {id}; the same name again answers the same id. */
export async function createOrgCommand(db: Sql, args: CreateOrgArgs): Promise<{ id: string }> {
  const name = typeof args.name === 'string' ? args.name.trim() : '';
  if (!name) refuse('create the organization', [{ field: 'name', problem: 'is required' }]);
  if (name.length > MAX_NAME_LENGTH) {
    refuse('create the organization', [
      { field: 'name', problem: `must be at most ${MAX_NAME_LENGTH} characters` },
    ]);
  }
  const { id } = await new IdentityRepository(db).createOrganization(name);
  return { id };
}

/**
 * `user:create --org <id> --email <e> --role <r> [--name <display name>]`, the password from
 * stdin or a prompt → {id}. An email that already has an account is refused, naming it.
 */
export async function createUserCommand(db: Database, args: CreateUserArgs): Promise<{ id: string }> {
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
  const displayName = optionalName(args.name, reject);
  const weak = passwordProblem(args.password);
  const password = weak ? reject('password', weak) : (args.password as string);
  if (!org || !email || !role || !password || problems.length) refuse('create the user', problems);

  const { user } = await withUserAdministration(db, (users) =>
    users.create(systemContext(org, CLI), { email, role, displayName, password }),
  ).catch((error: { code?: string }) => {
    // The organization does not exist (the users row's foreign key).
    if (error.code === '23503') throw new NotFound('organization');
    throw error;
  });
  return { id: user.id };
}

/** `user:update --user <id> [--role r] [--name n] [--status active|disabled]` → the user. */
export async function updateUserCommand(db: Database, args: UpdateUserArgs): Promise<User> {
  const problems: ProblemDetail[] = [];
  const reject = (field: string, problem: string): undefined => void problems.push({ field, problem });
  const userId =
    typeof args.user === 'string' && isUuid(args.user)
      ? args.user
      : reject('user', 'must be a user id (a UUID)');
  const role =
    args.role === undefined
      ? undefined
      : isRole(args.role)
        ? (args.role as Role)
        : reject('role', `must be one of ${ROLES.join(', ')}`);
  const status =
    args.status === undefined
      ? undefined
      : (USER_STATUSES as readonly unknown[]).includes(args.status)
        ? (args.status as UserStatus)
        : reject('status', `must be one of ${USER_STATUSES.join(', ')}`);
  const displayName = optionalName(args.name, reject);
  if (!userId || problems.length) refuse('update the user', problems);
  const orgId = await organizationOf(db, userId);
  return withUserAdministration(db, (users) =>
    users.update(systemContext(orgId, CLI), userId, { role, status, displayName }),
  );
}

/** `user:password --user <id>`, the new password from stdin or a prompt: ends the user's sessions. */
export async function setPasswordCommand(
  db: Database,
  args: { user?: unknown; password?: unknown },
): Promise<{ id: string }> {
  if (typeof args.user !== 'string' || !isUuid(args.user))
    refuse('set the password', [{ field: 'user', problem: 'must be a user id (a UUID)' }]);
  const weak = passwordProblem(args.password);
  if (weak) refuse('set the password', [{ field: 'password', problem: weak }]);
  const userId = args.user as string;
  const orgId = await organizationOf(db, userId);
  await withUserAdministration(db, (users) =>
    users.setPassword(systemContext(orgId, CLI), userId, args.password as string),
  );
  return { id: userId };
}

/** `user:list --org <id> [--role r]` → {items}. */
export async function listUsersCommand(
  db: Database,
  args: { org?: unknown; role?: unknown },
): Promise<{ items: User[] }> {
  if (typeof args.org !== 'string' || !isUuid(args.org))
    refuse('list users', [{ field: 'org', problem: 'must be an organization id (a UUID)' }]);
  if (args.role !== undefined && !isRole(args.role))
    refuse('list users', [{ field: 'role', problem: `must be one of ${ROLES.join(', ')}` }]);
  const repository = new IdentityRepository(db);
  return { items: await repository.listUsers(args.org as string, args.role as Role | undefined) };
}

function optionalName(
  value: unknown,
  reject: (field: string, problem: string) => undefined,
): string | undefined {
  if (value === undefined) return undefined;
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name || name.length > MAX_NAME_LENGTH)
    return reject('name', `must be 1 to ${MAX_NAME_LENGTH} characters`);
  return name;
}

async function organizationOf(db: Database, userId: string): Promise<string> {
  const { rows } = await db.query<{ org_id: string }>('SELECT org_id FROM users WHERE id = $1', [userId]);
  if (!rows[0]) throw new NotFound('user');
  return rows[0].org_id;
}
