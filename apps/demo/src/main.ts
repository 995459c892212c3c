import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, ConfigError, createLogger, Database, loadConfig, serviceTimeouts } from '@huquq/platform';
import { createApi, stopOnSignals } from '@huquq/runtime';
import { backdateLog } from './backdate';
import { runDemo } from './demo';
import { fetchTransport, RequestFailed } from './http';

const USAGE = `Usage: npm run demo [-- --days 7 --per-day 1040 --raid 60 --lawyers 4 --concurrency 16 --seed N --exit]
  Replays a synthetic week through the huquq API at DEMO_API_URL (default http://127.0.0.1:3000).
  If nothing answers there, starts the service in this process on the database huquq_demo
  (or DATABASE_URL), logs each day of the week on its own day, and keeps serving at the end
  (Ctrl-C stops it) unless --exit is given.`;

interface Flags {
  days?: number;
  perDay?: number;
  raidSize?: number;
  lawyers?: number;
  concurrency?: number;
  seed?: number;
  /** Keep the demo's own service up at the end (the default); --exit stops it. */
  serve: boolean;
}

function parseFlags(args: string[]): Flags {
  const flags: Flags = { serve: true };
  const numeric: Record<string, keyof Omit<Flags, 'serve'>> = {
    days: 'days',
    'per-day': 'perDay',
    raid: 'raidSize',
    lawyers: 'lawyers',
    concurrency: 'concurrency',
    seed: 'seed',
  };
  for (let i = 0; i < args.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(args[i]);
    if (match?.[1] === 'serve' || match?.[1] === 'exit') {
      flags.serve = match[1] === 'serve';
      continue;
    }
    const field = match && numeric[match[1]];
    const value = Number(match?.[2] ?? args[++i]);
    if (!field || !Number.isInteger(value) || value < 0)
      throw new ConfigError(`Unexpected argument: ${args[i]}\n${USAGE}`);
    flags[field] = value;
  }
  if (flags.days === 0) throw new ConfigError(`--days must be at least 1\n${USAGE}`);
  if (flags.raidSize !== undefined && flags.raidSize > 500)
    throw new ConfigError('--raid takes at most 500 people (the API limit)');
  return flags;
}

/** A huquq service answers /health with its status, 200 or 503; anything else is not one. */
async function huquqAnswers(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as { status?: string };
    return ['ok', 'degraded', 'down'].includes(body?.status ?? '');
  } catch {
    return false;
  }
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** The URL without a password, for printing. */
function shown(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function listen(app: NestExpressApplication, wanted: URL): Promise<string> {
  try {
    await app.listen(Number(wanted.port || 80), wanted.hostname);
    return wanted.origin;
  } catch (error) {
    // The port is taken by something that is not huquq: any free port will do for the demo.
    if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }
}

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2));
  const wanted = new URL(process.env.DEMO_API_URL ?? 'http://127.0.0.1:3000');
  const external = await huquqAnswers(wanted.origin);
  const env = { ...process.env };
  if (!external) {
    // Its own database and queue prefix, so the demo's thousands of cases stay out of `npm start`'s.
    env.DATABASE_URL ??= withDatabaseName(new AppConfig().DATABASE_URL, 'huquq_demo');
    env.QUEUE_PREFIX ??= 'huquq_demo';
  }
  const config = loadConfig(env);

  process.stdout.write(
    `huquq demo: a synthetic week at a legal-aid hotline for migrant workers. Every person in it is invented.\n`,
  );
  let app: NestExpressApplication | null = null;
  // The service's own log goes to stderr at warn, so the demo's output stays readable.
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr);
  let baseUrl = wanted.origin;
  if (external) {
    process.stdout.write(
      `Service: the one answering at ${baseUrl}. Its organization and users go into ${shown(config.DATABASE_URL)} ` +
        `(DATABASE_URL): it must be the database that service uses.\n`,
    );
  } else {
    const started = Date.now();
    app = (await createApi(config, logger)).app;
    baseUrl = await listen(app, wanted);
    process.stdout.write(
      `Service: nothing answered at ${wanted.origin}, so the demo started huquq in this process on ${baseUrl} ` +
        `(${((Date.now() - started) / 1000).toFixed(1)} s), database ${shown(config.DATABASE_URL)}, queue prefix ` +
        `${config.QUEUE_PREFIX}.\n`,
    );
  }
  process.stdout.write('\n');

  const db = new Database(config.DATABASE_URL, 4, serviceTimeouts(config));
  const ownLog = app !== null && /\/huquq_demo\w*$/.test(config.DATABASE_URL);
  let failed = false;
  try {
    if (external) {
      // Before any request: a wrong database is the likeliest mistake here, and it has a clear fix.
      const reachable = await db.query('SELECT 1 FROM organizations LIMIT 1').then(
        () => true,
        () => false,
      );
      if (!reachable) {
        process.stderr.write(
          `${shown(config.DATABASE_URL)} is not a huquq database. Set DATABASE_URL to the database of the ` +
            `service at ${baseUrl}, or DEMO_API_URL to a free address to let the demo start its own service.\n`,
        );
        return 1;
      }
    }
    const result = await runDemo({
      transport: fetchTransport(baseUrl),
      db,
      baseUrl,
      // Only on the demo's own service and database (huquq_demo…): no one else's log is touched.
      backdate: ownLog ? (daysAgo) => backdateLog(db, daysAgo) : undefined,
      // The same environment as the service (in development: the same operator-token in the secrets directory).
      operatorToken: config.OPERATOR_TOKEN,
      ...definedFlags(flags),
    });
    failed = result.failures.length > 0;
    process.stdout.write(`\nDone in ${(result.elapsedMs / 1000).toFixed(0)} s.\n`);
  } catch (error) {
    if (error instanceof RequestFailed && error.status === 401 && external) {
      process.stderr.write(
        `The service at ${baseUrl} does not know the users just created in ${shown(config.DATABASE_URL)}: ` +
          `it uses another database. Set DATABASE_URL to its database, or DEMO_API_URL to a free address to let ` +
          `the demo start its own service.\n`,
      );
      return 1;
    }
    throw error;
  } finally {
    // Whatever happened, what is logged from now on is logged now.
    if (ownLog) await backdateLog(db, 0).catch(() => undefined);
    await db.close();
  }

  if (app && flags.serve) {
    process.stdout.write(
      `\nThe demo's service keeps serving on ${baseUrl}: the lines above work now. Ctrl-C stops it.\n`,
    );
    stopOnSignals(app, logger, { server: app.getHttpServer(), what: "the demo's service" });
    return await new Promise<number>(() => undefined);
  }
  if (app) {
    await app.close();
    process.stdout.write(
      `The demo's service has stopped (--exit): the URLs and curl lines above need it. Start it again on the ` +
        `demo's data with: DATABASE_URL=${shown(config.DATABASE_URL)} QUEUE_PREFIX=${config.QUEUE_PREFIX} npm start\n`,
    );
  }
  return failed ? 1 : 0;
}

function definedFlags(flags: Flags) {
  const { serve: _serve, ...rest } = flags;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

main()
  .then((code) => process.exit(code))
  .catch((error) => {
    // Configuration errors are written for a person; anything else still names no person.
    process.stderr.write(
      error instanceof ConfigError ? `${error.message}\n` : `demo failed: ${error?.message ?? error}\n`,
    );
    process.exit(1);
  });
