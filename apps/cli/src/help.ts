/**
 * The help of every admin command. A command added to `commands.ts` adds its entry here: then
 * `npm run cli -- <command> --help` and the overview show it (a test checks every entry).
 */
export interface CommandHelp {
  /** The command line, flags included. */
  usage: string;
  /** What it does, in a sentence or two. */
  about: string;
}

export const COMMANDS: Record<string, CommandHelp> = {
  'org:create': {
    usage: 'org:create --name <name>',
    about: 'Creates an organization and prints {"id"}; the same name again prints the same id.',
  },
  'user:create': {
    usage:
      'user:create --org <orgId> --email <email> --role <intake|lawyer|coordinator|admin> [--name <display name>]',
    about:
      'Creates a user of the organization and prints {"id"}. The password is read from stdin (piped) or ' +
      'asked for (typed, not shown), never taken as a flag. An email that already has an account is refused.',
  },
  'user:list': {
    usage: 'user:list --org <orgId> [--role <role>]',
    about: "Lists the organization's users (id, email, display name, role, status) as JSON.",
  },
  'user:update': {
    usage: 'user:update --user <userId> [--role <role>] [--name <display name>] [--status active|disabled]',
    about: "Changes a user; a new role or disabled ends the user's sessions at once.",
  },
  'user:disable': {
    usage: 'user:disable --user <userId>',
    about: 'The same as user:update --status disabled.',
  },
  'user:password': {
    usage: 'user:password --user <userId>',
    about: "Sets a new password, read like user:create's; ends the user's sessions.",
  },
  'projections:status': {
    usage: 'projections:status',
    about: 'Prints the position and lag of every view.',
  },
  'projections:rebuild': {
    usage: 'projections:rebuild',
    about: 'Rebuilds every view from the events, then prints their status.',
  },
  'integrity:verify': {
    usage: 'integrity:verify [--anchor <file> [--public-key <pem file>]]',
    about:
      "Checks every stream's hash chain and names the first bad position; with --anchor, also checks " +
      'the log against a signed anchor and names every bad stream. Exit code 2 when anything is wrong.',
  },
  'integrity:anchor': {
    usage: 'integrity:anchor [--out <file>]',
    about: "Signs every stream's head and the log's length (to stdout without --out).",
  },
  'integrity:public-key': {
    usage: 'integrity:public-key',
    about: 'Prints the public key (PEM) that verifies anchors: keep it off the server.',
  },
  'keys:rotate': {
    usage: 'keys:rotate',
    about: 'Re-wraps every data key: HUQUQ_PREVIOUS_MASTER_KEY → HUQUQ_MASTER_KEY; prints what remains.',
  },
  'privacy:seal-legacy': {
    usage: 'privacy:seal-legacy',
    about:
      'Seals free text older versions stored in plaintext and rebuilds the views that copied it ' +
      '(counts as JSON; also run at every service start).',
  },
  'notifications:failed': {
    usage: 'notifications:failed [--limit N]',
    about: 'Lists notifications that failed every try (dead letters), newest first.',
  },
  'notifications:retry': {
    usage: 'notifications:retry [--id <delivery id>]',
    about: 'Sends dead letters again (all, or one), their tries starting over.',
  },
};

const EXIT_CODES = `Exit codes:
  0  done (or help shown)
  1  refused or failed: a bad flag or value, an unknown command, the database unreachable
  2  a check found something wrong (integrity:verify: a broken chain, an altered or foreign anchor)`;

/** The overview: every command, then the exit codes. */
export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.about}`);
  return `Usage: npm run cli -- <command> [flags]    (<command> --help: that command alone)\n${lines.join('\n')}\n\n${EXIT_CODES}`;
}

const HELP_FLAGS = new Set(['--help', '-h', 'help']);

/**
 * The help the arguments ask for, if they ask: `--help` alone (or `help`), or a command with
 * `--help` anywhere after it. Needs no configuration and no database.
 */
export function helpAskedFor(argv: string[]): { text: string; known: boolean } | null {
  const [command, ...rest] = argv;
  if (command === undefined) return null;
  if (HELP_FLAGS.has(command)) return { text: usage(), known: true };
  if (!rest.some((arg) => arg === '--help' || arg === '-h')) return null;
  const help = COMMANDS[command];
  if (!help) return { text: `Unknown command: ${command}\n\n${usage()}`, known: false };
  return { text: `Usage: npm run cli -- ${help.usage}\n\n${help.about}\n\n${EXIT_CODES}`, known: true };
}
