import { EventNotifications, EventStore, ProjectionRunner, verifyIntegrityCommand } from '@huquq/event-store';
import { createOrgCommand, createUserCommand } from '@huquq/identity';
import { EnvelopeProtector, keyStoreFromConfig, rotateMasterKey } from '@huquq/privacy';
import {
  AppConfig,
  Database,
  ensureDatabase,
  maintenanceTimeouts,
  runMigrations,
  urlWithTimeouts,
  ValidationFailed,
} from '@huquq/platform';
import { deadLetters, retryDeadLetters } from '@huquq/notifications';
import { allProjections, sealLegacyFreeText } from '@huquq/runtime';
import { anchorCommand, publicKeyCommand, verifyAnchoredCommand } from './integrity-commands';

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

const USAGE = `Usage: npm run cli -- <command> [flags]
  org:create --name <name>
  user:create --org <orgId> --email <email> --role <intake|lawyer|coordinator|admin> --password <password>
  projections:rebuild
  projections:status
  integrity:verify                 check every stream's hash chain; names the first bad position
  integrity:verify --anchor <file> [--public-key <pem file>]
                                   and check the log against a signed anchor; names every bad stream
  integrity:anchor [--out <file>]  sign every stream's head and the log's length (stdout without --out)
  integrity:public-key             the public key (PEM) that verifies anchors: keep it off the server
  keys:rotate                      re-wrap every data key: HUQUQ_PREVIOUS_MASTER_KEY → HUQUQ_MASTER_KEY
  privacy:seal-legacy              seal free text older versions stored in plaintext; rebuild the views
                                   that copied it (counts as JSON; also run at every service start)
  notifications:failed [--limit N] notifications that failed every try (dead letters), newest first
  notifications:retry [--id <delivery id>]
                                   send dead letters again (all, or one), tries starting over`;

/** Runs one admin command against the configured database and returns what it prints. */
export async function runCommand(config: AppConfig, argv: string[]): Promise<unknown> {
  const [command, ...rest] = argv;
  const flags = parseFlags(rest);
  // Needs no database: the key is in the environment.
  if (command === 'integrity:public-key') return publicKeyCommand(config);
  // Maintenance bounds: a rebuild of a big log or a rotation of every key must not be cut off
  // halfway by the service's statement and lock timeouts.
  const timeouts = maintenanceTimeouts(config);
  await ensureDatabase(config.DATABASE_URL, timeouts);
  await runMigrations(config.DATABASE_URL, { timeouts });
  // Enough for a rebuild to apply a page to every projection at once while it reads the next.
  const db = new Database(config.DATABASE_URL, 10, timeouts);
  try {
    switch (command) {
      case 'org:create':
        return await createOrgCommand(db, { name: required(flags, 'name') });
      case 'user:create':
        return await createUserCommand(db, {
          org: required(flags, 'org'),
          email: required(flags, 'email'),
          role: required(flags, 'role'),
          password: required(flags, 'password'),
        });
      case 'projections:rebuild':
      case 'projections:status':
        return await withRunner(db, config, async (runner) => {
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
        return await withRunner(db, config, (runner, protector) =>
          sealLegacyFreeText({ db, store: new EventStore(db), protector, runner }),
        );
      case 'keys:rotate':
        if (!config.HUQUQ_PREVIOUS_MASTER_KEY) {
          throw new ValidationFailed(
            'Set HUQUQ_PREVIOUS_MASTER_KEY to the old master key and HUQUQ_MASTER_KEY to the new one',
          );
        }
        return await rotateMasterKey(db, config.HUQUQ_PREVIOUS_MASTER_KEY, config.HUQUQ_MASTER_KEY!);
      case 'notifications:failed':
        return { deadLetters: await deadLetters(db, Number(flags.limit ?? 100) || 100) };
      case 'notifications:retry':
        return { retried: await retryDeadLetters(db, flags.id || undefined) };
      default:
        throw new ValidationFailed(USAGE);
    }
  } finally {
    await db.close();
  }
}

async function withRunner<T>(
  db: Database,
  config: AppConfig,
  work: (runner: ProjectionRunner, protector: EnvelopeProtector) => Promise<T>,
): Promise<T> {
  const notifications = new EventNotifications(
    urlWithTimeouts(config.DATABASE_URL, maintenanceTimeouts(config)),
  );
  const protector = new EnvelopeProtector(keyStoreFromConfig(db, config));
  const runner = new ProjectionRunner(db, new EventStore(db), notifications, allProjections(protector));
  try {
    return await work(runner, protector);
  } finally {
    await runner.stop();
    await notifications.stop();
  }
}
