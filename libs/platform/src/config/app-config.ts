import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIP,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidateBy,
} from 'class-validator';
import { appRoleName, withUser } from '../database/app-role';
import { defaultKeyringUrl } from '../database/keyring-url';
import { ConfigError } from './config-error';
import { developmentSecret, developmentSecretsDir } from './development-secrets';
import { secretProblems, type NamedSecret } from './secret-strength';
import { generateSigningKey, isSigningKey } from './signing-key';
import { IsTrustProxy } from './trust-proxy';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes'].includes(String(value).toLowerCase());

// Exactly 32 bytes: 43 characters whose last carries 4 bits (so its 2 spare bits are zero),
// base64url unpadded or base64 with optional padding.
const MASTER_KEY_SHAPE = /^(?:[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]|[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=?)$/;
/** PostgreSQL's largest value of a timeout setting in milliseconds (INT_MAX). */
const MAX_TIMEOUT_MS = 2_147_483_647;

const MASTER_KEY_MESSAGE = (name: string) =>
  `${name} must be exactly 32 random bytes in base64 or base64url (e.g. \`openssl rand -base64 32\`)`;

/** Every setting huquq reads from the environment; the README's table lists the same. */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Matches(/^postgres(ql)?:\/\/.+\/[A-Za-z0-9_]+$/, {
    message: 'DATABASE_URL must be postgres://user@host:port/database',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/huquq';

  /**
   * The request path's role (row-level security), with its password. Required in production;
   * elsewhere DATABASE_URL as this installation's own role `huquq_app_<database>` with a password
   * generated into the development secrets directory.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^:@/]+:[^@/]+@.+\/[A-Za-z0-9_]+$/, {
    message: 'APP_DATABASE_URL must be postgres://role:password@host:port/database (with a password)',
  })
  APP_DATABASE_URL?: string;

  /**
   * The keyring: people's data keys and the erasure ledger, in a database of their own (decision
   * 0023). Default: DATABASE_URL's server and user, database `<database>_keyring`. Back it up
   * apart from the data, with a short retention (docs/operations/backup-and-restore.md).
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+\/[A-Za-z0-9_]+$/, {
    message: 'KEYRING_DATABASE_URL must be postgres://user:password@host:port/database',
  })
  KEYRING_DATABASE_URL?: string;

  /** Connections of the keyring's pool (data keys) in each process. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  KEYRING_DATABASE_POOL_SIZE = 5;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be redis://host:port' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /**
   * The address the API listens on. Loopback unless told otherwise: a development machine's
   * service is not offered to its network by accident. In a container, 0.0.0.0 (docker-compose
   * sets it), behind the container's own network.
   */
  @IsIP(undefined, { message: 'HOST must be an IP address to listen on (127.0.0.1, ::1, 0.0.0.0, ::)' })
  HOST = '127.0.0.1';

  /** Asynchronous views (reports, follow-up dispatch) this far behind make /health say degraded. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  HEALTH_LAG_SECONDS = 60;

  /** A transaction open this long anywhere on the server holds readers back: degraded, and named. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  HEALTH_TRANSACTION_SECONDS = 30;

  @Matches(/^[a-z0-9_-]{1,40}$/, { message: 'QUEUE_PREFIX must be 1-40 of a-z, 0-9, _ or -' })
  QUEUE_PREFIX = 'huquq';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Key of the blind indexes that find a returning person without storing their name. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'BLIND_INDEX_KEY must be at least 32 characters' })
  BLIND_INDEX_KEY?: string;

  /**
   * Wraps every person's data key (crypto-shredding). 32 random bytes, base64 or base64url:
   * `openssl rand -base64 32`. Losing it loses every person's data; rotate with keys:rotate.
   */
  @IsOptional()
  @Matches(MASTER_KEY_SHAPE, { message: MASTER_KEY_MESSAGE('HUQUQ_MASTER_KEY') })
  HUQUQ_MASTER_KEY?: string;

  /** The master key being rotated away from: still read, never used to wrap new keys. */
  @IsOptional()
  @Matches(MASTER_KEY_SHAPE, { message: MASTER_KEY_MESSAGE('HUQUQ_PREVIOUS_MASTER_KEY') })
  HUQUQ_PREVIOUS_MASTER_KEY?: string;

  /** Lifetime of an access token: short, since a refresh gets the next one without a password. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(3600)
  JWT_TTL_SECONDS = 600;

  /** A session not refreshed for this long ends (the refresh token expires). */
  @Transform(toInt)
  @IsInt()
  @Min(300)
  @Max(30 * 86400)
  REFRESH_TTL_SECONDS = 12 * 3600;

  /** A session ends this long after its login, however often it is refreshed. */
  @Transform(toInt)
  @IsInt()
  @Min(300)
  @Max(90 * 86400)
  SESSION_MAX_SECONDS = 7 * 86400;

  /**
   * scrypt's cost N for new password hashes: OWASP's 2^17 unless lowered (tests); production
   * refuses less. Stored with each hash; a login with a lower one rehashes it.
   */
  @Transform(toInt)
  @IsInt()
  @IsIn([2 ** 14, 2 ** 15, 2 ** 16, 2 ** 17, 2 ** 18, 2 ** 19, 2 ** 20])
  PASSWORD_SCRYPT_N = 2 ** 17;

  /**
   * Connections of the owner's pool (background work, login) in each process. At least 2: a
   * projection's transaction on it may wait for a second connection.
   */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(1000)
  DATABASE_POOL_SIZE = 15;

  /** Connections of the request path's pool (huquq_app, row-level security) in each process. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  APP_DATABASE_POOL_SIZE = 20;

  /**
   * huquq processes (API instances and workers) sharing the database: the connection budget
   * checked at start is this many times one process's connections.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  EXPECTED_INSTANCES = 1;

  /** Connections left to everyone else (a CLI command, psql, backups, monitoring) in that budget. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DATABASE_CONNECTION_RESERVE = 10;

  /** statement_timeout of the service's connections: a longer statement is cancelled. 0: none. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(MAX_TIMEOUT_MS)
  DATABASE_STATEMENT_TIMEOUT_MS = 30_000;

  /** lock_timeout of the service's connections: a longer wait for one lock fails. 0: none. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(MAX_TIMEOUT_MS)
  DATABASE_LOCK_TIMEOUT_MS = 10_000;

  /**
   * idle_in_transaction_session_timeout of every connection, maintenance included: the server
   * ends a session whose transaction sits idle longer (its locks go with it). 0: none.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(MAX_TIMEOUT_MS)
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

  /** statement_timeout of migrations and CLI commands (a rebuild, a rotation). 0: none. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(MAX_TIMEOUT_MS)
  MAINTENANCE_STATEMENT_TIMEOUT_MS = 0;

  /** lock_timeout of migrations and CLI commands. 0: none. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(MAX_TIMEOUT_MS)
  MAINTENANCE_LOCK_TIMEOUT_MS = 0;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** The API runs the background worker (projections, follow-ups) in its own process. */
  @Transform(toBool)
  WORKER_EMBEDDED = true;

  /** Shrinks every follow-up duration, for tests and demos (0.001: an hour becomes 3.6 s). 1 in production. */
  @Transform(toInt)
  @Min(0.0000001)
  @Max(1)
  FOLLOW_UP_TIME_SCALE = 1;

  /** A JSON file of follow-up rules that replaces the built-in defaults for every organization. */
  @IsOptional()
  @IsString()
  FOLLOW_UP_RULES_FILE?: string;

  /**
   * A JSON file of production-calendar years (`{"2027": {status, source, nonWorkingWeekdays,
   * workingWeekends}}`) replacing the built-in years it names, e.g. once a decree is published.
   */
  @IsOptional()
  @IsString()
  PRODUCTION_CALENDAR_FILE?: string;

  /**
   * First follow-ups (a new appeal's, incident's, custody's or hearing's plan) planned by the
   * dispatcher in the transaction that records their job, instead of a BullMQ job each
   * (decision 0141). Off by default until the exactly-once test of a plan job delivered twice
   * is moved to another kind of job.
   */
  @Transform(toBool)
  FOLLOW_UP_PLAN_INLINE = false;

  /**
   * Intake's group commit (decision 0140): transactions of grouped appeals running at once per
   * process. Fewer make larger groups (fewer statements and commits per appeal); one alone would
   * let a single slow group (a lock wait, a failure run again appeal by appeal) hold up all
   * intake, so two by default (docs/performance.md, "Groups in flight").
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(32)
  GROUP_COMMIT_IN_FLIGHT = 2;

  /** Follow-up jobs one worker process runs at the same time. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  FOLLOW_UP_CONCURRENCY = 8;

  /** Tries of a failing follow-up job, with exponential backoff, before it ends in the failed state. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  FOLLOW_UP_JOB_ATTEMPTS = 10;

  /** The first retry's delay of a failed follow-up job; each next one doubles. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  FOLLOW_UP_RETRY_DELAY_MS = 1000;

  /** How long the job of a worker that died stays locked before another worker redoes it. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  FOLLOW_UP_JOB_LOCK_MS = 30000;

  // ── Notifications (docs/decisions/0090-0092): reminders, escalations and assignments sent to
  //    staff by e-mail and signed webhook. Ids, case numbers and times only, never a person's data.

  /** smtp(s)://user:pass@host:port of the mail relay; unset, e-mail is off (/health/details says so). */
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be smtp://user:pass@host:port or smtps://…' })
  SMTP_URL?: string;

  /** The From of notification e-mail. */
  @IsString()
  MAIL_FROM = 'huquq <no-reply@huquq.invalid>';

  /**
   * Signs webhooks: each user's signing secret is derived from it (HMAC). Generated for
   * development; in production webhooks are off without it.
   */
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @MinLength(32, { message: 'WEBHOOK_SIGNING_SECRET must be at least 32 characters' })
  WEBHOOK_SIGNING_SECRET?: string;

  /** Lets webhook URLs point at private, loopback and link-local addresses (tests, closed networks). */
  @Transform(toBool)
  WEBHOOK_ALLOW_PRIVATE = false;

  /** How long a webhook may take to answer before the try counts as failed. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  WEBHOOK_TIMEOUT_MS = 10000;

  /** Tries of one delivery (e-mail or webhook) before it is dead-lettered. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  NOTIFY_ATTEMPTS = 8;

  /** The first retry's delay of a failed delivery; each next one doubles (capped at an hour). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  NOTIFY_RETRY_DELAY_MS = 30000;

  /** How often the delivery worker looks for messages to send. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60000)
  NOTIFY_POLL_MS = 1000;

  /** The time zone due times are written in (cases carry none yet); an IANA name. */
  @IsString()
  NOTIFY_TIME_ZONE = 'UTC';

  // ── Anchored history: signed integrity anchors (docs/decisions/0019-signed-integrity-anchors.md,
  //    docs/operations/integrity-anchors.md). The key signs; the public key and the anchors
  //    themselves belong off the server.

  /**
   * Ed25519 private key that signs anchors: PKCS#8 PEM or its DER in base64 on one line
   * (`openssl genpkey -algorithm ed25519 -outform DER | base64 -w0`). Generated in development;
   * in production required where INTEGRITY_ANCHOR_DIR is set, and by `integrity:anchor`.
   */
  @IsOptional()
  @ValidateBy({
    name: 'isSigningKey',
    validator: {
      validate: isSigningKey,
      defaultMessage: () =>
        'INTEGRITY_SIGNING_KEY must be an Ed25519 private key, PKCS#8 PEM or DER in base64 ' +
        '(`openssl genpkey -algorithm ed25519 -outform DER | base64 -w0`)',
    },
  })
  INTEGRITY_SIGNING_KEY?: string;

  /** Where documents' sealed files are kept (created at start); each file named by a random id. */
  @IsString()
  @MinLength(1)
  DOCUMENTS_DIR = 'data/documents';

  /**
   * Where documents' sealed contents are kept: `directory` (DOCUMENTS_DIR, the default) or `s3`,
   * an S3-compatible object store (S3_BUCKET, S3_ENDPOINT, S3_REGION; credentials from the AWS
   * SDK's usual sources: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, an instance role).
   * Either way the store sees ciphertext only (decision 0112).
   */
  @IsIn(['directory', 's3'])
  DOCUMENTS_STORE: 'directory' | 's3' = 'directory';

  /** The S3-compatible service (MinIO, Ceph, Garage…); unset: AWS S3 itself, in S3_REGION. */
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+/, {
    message: 'S3_ENDPOINT must be an http(s) URL, such as http://127.0.0.1:9000',
  })
  S3_ENDPOINT?: string;

  /** The bucket documents go in (required when DOCUMENTS_STORE=s3; created at start if missing). */
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'S3_BUCKET must be an S3 bucket name (3–63 of a-z, 0-9, dots, hyphens)',
  })
  S3_BUCKET?: string;

  /** The bucket's region (MinIO and most others take any). */
  @IsString()
  @MinLength(1)
  S3_REGION = 'us-east-1';

  /** Buckets addressed as a path (http://host/bucket/key), as MinIO needs; default: on with S3_ENDPOINT. */
  @Transform(toBool)
  @IsOptional()
  S3_FORCE_PATH_STYLE?: boolean;

  /** The largest document an upload may carry, in bytes (default 25 MiB). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1024 * 1024 * 1024)
  DOCUMENT_MAX_BYTES = 25 * 1024 * 1024;

  /** The directory the worker writes a signed anchor into on a schedule; unset: none are written. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  INTEGRITY_ANCHOR_DIR?: string;

  /** Minutes between two scheduled anchors (the first is written when the worker starts). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10080)
  INTEGRITY_ANCHOR_EVERY_MINUTES = 60;

  /** Scheduled anchors kept in INTEGRITY_ANCHOR_DIR; older ones are deleted (copy them off first). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  INTEGRITY_ANCHOR_KEEP = 48;

  // ── Operators of the installation (not organization admins) ──────────────────────────────
  /**
   * The operators' secret: Bull Board at /admin/queues and GET /health/details, as HTTP Basic
   * `operator:<token>` or `Authorization: Bearer <token>`. Unset (or empty): those routes answer
   * 404 like any unknown route. Generated into the development secrets directory in development only.
   */
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'OPERATOR_TOKEN must be at least 32 characters' })
  OPERATOR_TOKEN?: string;

  /** Lets operators change the follow-up queue in Bull Board (promote, retry, clean, pause, remove, add); read-only otherwise. */
  @Transform(toBool)
  OPERATOR_WRITE = false;

  /**
   * The reverse proxies in front of the API, for express's `trust proxy`: a hop count (`1`) or
   * their addresses and subnets (`10.0.0.5`, `10.0.0.0/8`, `loopback`). Unset, the client's
   * address is the connection's peer, so behind a proxy every login would come from the proxy's
   * address and share one throttle; set it there. Never `true` (a client could name any address).
   */
  @IsOptional()
  @IsTrustProxy()
  TRUST_PROXY?: string;

  // Rate limits per organization (the signed-in actor's, not an address), counted in Redis so
  // they hold across API instances: a request over its limit answers 429 rate_limited with
  // Retry-After. Each is requests per window. A raid of 500 people is one POST /v1/incidents;
  // the dashboard asks four reports per view.
  /** POST /v1/incidents an organization may send per window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  INCIDENT_RATE_LIMIT = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  INCIDENT_RATE_WINDOW_SECONDS = 600;

  /** GET /v1/reports/* (JSON and CSV alike) an organization may ask per window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REPORT_RATE_LIMIT = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  REPORT_RATE_WINDOW_SECONDS = 60;

  /**
   * GET /v1/clients/search an organization may ask per window: intake searches before each
   * appeal; far more is someone walking the blind index with guessed names.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SEARCH_RATE_LIMIT = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  SEARCH_RATE_WINDOW_SECONDS = 60;
}

export { ConfigError };

/** Generated for development when missing; production refuses to start without them. */
const SECRETS = ['JWT_SECRET', 'BLIND_INDEX_KEY', 'HUQUQ_MASTER_KEY'] as const;

/**
 * The npm scripts (`npm start`, `start:worker`, `cli`, `demo`) set HUQUQ_DEVELOPMENT_DEFAULT=npm:
 * they alone may run without NODE_ENV, as development, and say so loudly. `node dist/…` without
 * NODE_ENV refuses to start (an installation that forgot NODE_ENV=production must not quietly
 * run with generated secrets).
 */
function nodeEnvOf(env: NodeJS.ProcessEnv): string {
  if (env.NODE_ENV !== undefined && env.NODE_ENV !== '') return env.NODE_ENV;
  if (env.HUQUQ_DEVELOPMENT_DEFAULT !== 'npm') {
    throw new ConfigError(
      'Invalid configuration:\n  NODE_ENV: not set. Set NODE_ENV=production for an installation ' +
        '(or development / test); only the npm scripts (npm start, …) default to development',
    );
  }
  process.stderr.write(
    '\n' +
      '**********************************************************************\n' +
      '* huquq runs in DEVELOPMENT mode: NODE_ENV is not set, and `npm start` *\n' +
      '* defaults to development, with secrets generated on this machine.   *\n' +
      '* Never hold real cases like this: set NODE_ENV=production.          *\n' +
      '**********************************************************************\n\n',
  );
  return 'development';
}

/** Reads and checks the environment; a bad variable stops the start with one line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.fromEntries(
    Object.keys(new AppConfig())
      .concat(SECRETS)
      .filter((k) => env[k] !== undefined)
      .map((k) => [k, env[k]]),
  );
  known.NODE_ENV = nodeEnvOf(env);
  const config = plainToInstance(AppConfig, known, { exposeDefaultValues: true });
  config.KEYRING_DATABASE_URL ||= defaultKeyringUrl(config.DATABASE_URL);
  const errors = validateSync(config);
  if (errors.length) {
    const lines = errors.flatMap((e) =>
      Object.values(e.constraints ?? {}).map((m) => `  ${e.property}: ${m}`),
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (config.DOCUMENTS_STORE === 's3' && !config.S3_BUCKET) {
    throw new ConfigError('Invalid configuration:\n  S3_BUCKET: required when DOCUMENTS_STORE=s3');
  }
  if (!isTimeZone(config.NOTIFY_TIME_ZONE)) {
    throw new ConfigError(
      'Invalid configuration:\n  NOTIFY_TIME_ZONE: must be an IANA time zone such as UTC',
    );
  }
  if (config.NODE_ENV === 'production') {
    checkProductionSecrets(config);
    if (config.PASSWORD_SCRYPT_N < 2 ** 17) {
      throw new ConfigError(
        'Invalid configuration:\n  PASSWORD_SCRYPT_N: at least 131072 (2^17) in production',
      );
    }
    return config;
  }
  // Development and tests: what is missing is generated once into the one secrets directory.
  const dir = secretsDir(config, env);
  for (const name of SECRETS) {
    config[name] ||= developmentSecret(name.toLowerCase().replace(/_/g, '-'), dir);
  }
  // The anchors' signing key: generated once for development like the secrets above; production
  // needs it only where anchors are signed (the scheduled ones here, integrity:anchor on demand).
  config.INTEGRITY_SIGNING_KEY ||= developmentSecret('integrity-signing-key', dir, generateSigningKey);
  // This installation's own request-path role, with a password of its own.
  config.APP_DATABASE_URL ||= withUser(
    config.DATABASE_URL,
    appRoleName(config.DATABASE_URL),
    developmentSecret('app-database-password', dir),
  );
  // Webhooks are signed; outside production a secret is made once, as for the ones above.
  config.WEBHOOK_SIGNING_SECRET ||= developmentSecret('webhook-signing-secret', dir);
  // Optional everywhere; a development start gets one so Bull Board can be looked at. Tests set
  // their own (or none, to see the routes absent).
  if (!config.OPERATOR_TOKEN && config.NODE_ENV === 'development') {
    config.OPERATOR_TOKEN = developmentSecret('operator-token', dir);
  }
  return config;
}

function secretsDir(config: AppConfig, env: NodeJS.ProcessEnv): string {
  try {
    return developmentSecretsDir(config.DATABASE_URL, { ...process.env, ...env });
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  ${(error as Error).message}`);
  }
}

/**
 * Production never generates a secret: each must be given, random-looking, long enough and
 * different from every other (decision 0021). Messages name the setting, never its value.
 */
function checkProductionSecrets(config: AppConfig): void {
  const missing: string[] = [];
  for (const name of SECRETS) {
    if (config[name]) continue;
    const shape = name === 'HUQUQ_MASTER_KEY' ? '32 random bytes, base64' : 'at least 32 random characters';
    missing.push(`  ${name}: required in production (${shape})`);
  }
  if (!config.APP_DATABASE_URL) {
    missing.push(
      "  APP_DATABASE_URL: required in production: the request path's own role and its password " +
        '(postgres://huquq_app_<database>:<password>@host:port/<database>)',
    );
  }
  if (!config.INTEGRITY_SIGNING_KEY && config.INTEGRITY_ANCHOR_DIR) {
    missing.push(
      '  INTEGRITY_SIGNING_KEY: required in production when INTEGRITY_ANCHOR_DIR is set ' +
        '(an Ed25519 private key, PKCS#8 PEM or DER in base64)',
    );
  }
  if (missing.length) throw new ConfigError(`Invalid configuration:\n${missing.join('\n')}`);

  const secrets: NamedSecret[] = [
    { name: 'JWT_SECRET', value: config.JWT_SECRET!, minLength: 32 },
    { name: 'BLIND_INDEX_KEY', value: config.BLIND_INDEX_KEY!, minLength: 32 },
    { name: 'HUQUQ_MASTER_KEY', value: config.HUQUQ_MASTER_KEY!, minLength: 43 },
  ];
  if (config.HUQUQ_PREVIOUS_MASTER_KEY) {
    secrets.push({
      name: 'HUQUQ_PREVIOUS_MASTER_KEY',
      value: config.HUQUQ_PREVIOUS_MASTER_KEY,
      minLength: 43,
    });
  }
  if (config.INTEGRITY_SIGNING_KEY) {
    secrets.push({ name: 'INTEGRITY_SIGNING_KEY', value: config.INTEGRITY_SIGNING_KEY, minLength: 1 });
  }
  if (config.OPERATOR_TOKEN)
    secrets.push({ name: 'OPERATOR_TOKEN', value: config.OPERATOR_TOKEN, minLength: 32 });
  if (config.WEBHOOK_SIGNING_SECRET) {
    secrets.push({ name: 'WEBHOOK_SIGNING_SECRET', value: config.WEBHOOK_SIGNING_SECRET, minLength: 32 });
  }
  for (const name of ['DATABASE_URL', 'KEYRING_DATABASE_URL', 'APP_DATABASE_URL'] as const) {
    const password = decodeURIComponent(new URL(config[name]!).password);
    // The owner may sign in without a password (a local socket, a certificate); the app role may not.
    if (password || name === 'APP_DATABASE_URL') {
      secrets.push({ name: `${name}'s password`, value: password, minLength: 24 });
    }
  }
  const problems = secretProblems(secrets);
  if (problems.length) {
    throw new ConfigError(`Invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`);
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
