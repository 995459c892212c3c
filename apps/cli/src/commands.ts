import { EventNotifications, EventStore, ProjectionRunner, verifyIntegrityCommand } from '@huquq/event-store';
import {
  createOrgCommand,
  createUserCommand,
  listUsersCommand,
  setPasswordCommand,
  updateUserCommand,
  usePasswordCost,
} from '@huquq/identity';
import { EnvelopeProtector, checkedKeyStoreFromConfig, rotateMasterKey } from '@huquq/privacy';
import {
  AppConfig,
  Database,
  KeyringDatabase,
  prepareDatabase,
  maintenanceTimeouts,
  urlWithTimeouts,
  ValidationFailed,
} from '@huquq/platform';
import { deadLetters, retryDeadLetters } from '@huquq/notifications';
import { allProjections, sealLegacyFreeText } from '@huquq/runtime';
import { usage } from './help';
import { anchorCommand, publicKeyCommand, verifyAnchoredCommand } from './integrity-commands';
import { readPassword } from './read-password';

type Flags = Record<string, string>;

/** `--name X --org Y` → { name: 'X', org: 'Y' } */
function parseFlags(args: string[]): Flags {
  const flags: Flags = {};
  for (let i = 0; i < args.length; i++) {
    const match = args[i].match(/^--([a-z-]+)(?:=(.*))?$/);
    if (!match) throw new ValidationFailed(`Unexpected argument: ${args[i]}`);
    flags[match[1]] = match[2] ?? args[++i] ?? '';
  }
  return flags;
}

function required(flags: Flags, name: string): string {
  const value = flags[name];
  if (!value) throw new ValidationFailed(`--${name} is required`, [{ field: name, problem: 'is required' }]);
  return value;
}

/** Runs one admin command against the configured database and returns what it prints. */
export async function runCommand(
  config: AppConfig,
  argv: string[],
  /** Where a password comes from: stdin or a prompt (tests hand one over). */
  password: () => Promise<string> = readPassword,
): Promise<unknown> {
  const [command, ...rest] = argv;
  if (rest.includes('--password'))
    throw new ValidationFailed(
      'Passwords are never taken on the command line: pipe it to stdin, or type it when asked',
    );
  const flags = parseFlags(rest);
  usePasswordCost(config.PASSWORD_SCRYPT_N);
  // Needs no database: the key is in the environment.
  if (command === 'integrity:public-key') return publicKeyCommand(config);
  // Maintenance bounds: a rebuild of a big log or a rotation of every key must not be cut off
  // halfway by the service's statement and lock timeouts.
  const timeouts = maintenanceTimeouts(config);
  await prepareDatabase(config);
  // Enough for a rebuild to apply a page to every projection at once while it reads the next.
  const db = new Database(config.DATABASE_URL, 10, timeouts);
  // People's data keys (decision 0023): a rotation, a rebuild's opening of sealed fields.
  const keyring = new KeyringDatabase(config.KEYRING_DATABASE_URL!, 4, timeouts);
  try {
    switch (command) {
      case 'org:create':
        return await createOrgCommand(db, { name: required(flags, 'name') });
      case 'user:create':
        return await createUserCommand(db, {
          org: required(flags, 'org'),
          email: required(flags, 'email'),
          role: required(flags, 'role'),
          name: flags.name,
          password: await password(),
        });
      case 'user:list':
        return await listUsersCommand(db, { org: required(flags, 'org'), role: flags.role });
      case 'user:update':
      case 'user:disable':
        return await updateUserCommand(db, {
          user: required(flags, 'user'),
          role: flags.role,
          name: flags.name,
          status: command === 'user:disable' ? 'disabled' : flags.status,
        });
      case 'user:password':
        return await setPasswordCommand(db, {
          user: required(flags, 'user'),
          password: await password(),
        });
      case 'projections:rebuild':
      case 'projections:status':
        return await withRunner(db, keyring, config, async (runner) => {
          if (command === 'projections:rebuild') await runner.rebuild();
          return { projections: await runner.status() };
        });
      case 'integrity:verify':
        if (flags.anchor !== undefined) {
          return await verifyAnchoredCommand(db, config, required(flags, 'anchor'), flags['public-key']);
        }
        if (flags['public-key'] !== undefined)
          throw new ValidationFailed('--public-key goes with --anchor <file>');
        return await verifyIntegrityCommand(db);
      case 'integrity:anchor':
        return await anchorCommand(db, config, flags.out === undefined ? undefined : required(flags, 'out'));
      case 'privacy:seal-legacy':
        return await withRunner(db, keyring, config, (runner, protector) =>
          sealLegacyFreeText({ db, store: new EventStore(db), protector, runner }),
        );
      case 'keys:rotate':
        if (!config.HUQUQ_PREVIOUS_MASTER_KEY) {
          throw new ValidationFailed(
            'Set HUQUQ_PREVIOUS_MASTER_KEY to the old master key and HUQUQ_MASTER_KEY to the new one',
          );
        }
        return await rotateMasterKey({ keyring, db }, config.HUQUQ_PREVIOUS_MASTER_KEY, config.HUQUQ_MASTER_KEY!);
      case 'notifications:failed':
        return { deadLetters: await deadLetters(db, Number(flags.limit ?? 100) || 100) };
      case 'notifications:retry':
        return { retried: await retryDeadLetters(db, flags.id || undefined) };
      default:
        throw new ValidationFailed(command ? `Unknown command: ${command}\n\n${usage()}` : usage());
    }
  } finally {
    await db.close();
    await keyring.close();
  }
}

async function withRunner<T>(
  db: Database,
  keyring: KeyringDatabase,
  config: AppConfig,
  work: (runner: ProjectionRunner, protector: EnvelopeProtector) => Promise<T>,
): Promise<T> {
  const notifications = new EventNotifications(
    urlWithTimeouts(config.DATABASE_URL, maintenanceTimeouts(config)),
  );
  const protector = new EnvelopeProtector(await checkedKeyStoreFromConfig(keyring, config));
  const runner = new ProjectionRunner(db, new EventStore(db), notifications, allProjections(protector));
  try {
    return await work(runner, protector);
  } finally {
    await runner.stop();
    await notifications.stop();
  }
}
