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
import { developmentSecret } from './development-secrets';
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

  /** The request path's role (row-level security); defaults to DATABASE_URL as user huquq_app. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+\/[A-Za-z0-9_]+$/, {
    message: 'APP_DATABASE_URL must be postgres://huquq_app:password@host:port/database',
  })
  APP_DATABASE_URL?: string;

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

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS = 900;

  /**
   * Connections of the owner's pool (background work, login, keys) in each process. At least 2:
   * a transaction on it may need a data key read on a second connection.
   */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(1000)
  DATABASE_POOL_SIZE = 20;

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
   * 404 like any unknown route. Generated into .secrets/ in development only.
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

export class ConfigError extends Error {}

/** Generated for development when missing; production refuses to start without them. */
const SECRETS = ['JWT_SECRET', 'BLIND_INDEX_KEY', 'HUQUQ_MASTER_KEY'] as const;

/** Reads and checks the environment; a bad variable stops the start with one line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.fromEntries(
    Object.keys(new AppConfig())
      .concat(SECRETS)
      .filter((k) => env[k] !== undefined)
      .map((k) => [k, env[k]]),
  );
  const config = plainToInstance(AppConfig, known, { exposeDefaultValues: true });
  const errors = validateSync(config);
  if (errors.length) {
    const lines = errors.flatMap((e) =>
      Object.values(e.constraints ?? {}).map((m) => `  ${e.property}: ${m}`),
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  for (const name of SECRETS) {
    if (config[name]) continue;
    if (config.NODE_ENV === 'production') {
      const shape = name === 'HUQUQ_MASTER_KEY' ? '32 random bytes, base64' : 'at least 32 characters';
      throw new ConfigError(`Invalid configuration:\n  ${name}: required in production (${shape})`);
    }
    config[name] = developmentSecret(name.toLowerCase().replace(/_/g, '-'));
  }
  // The anchors' signing key: generated once for development like the secrets above; production
  // needs it only where anchors are signed (the scheduled ones here, integrity:anchor on demand).
  if (!config.INTEGRITY_SIGNING_KEY) {
    if (config.NODE_ENV !== 'production') {
      config.INTEGRITY_SIGNING_KEY = developmentSecret(
        'integrity-signing-key',
        undefined,
        generateSigningKey,
      );
    } else if (config.INTEGRITY_ANCHOR_DIR) {
      throw new ConfigError(
        'Invalid configuration:\n  INTEGRITY_SIGNING_KEY: required in production when INTEGRITY_ANCHOR_DIR is set ' +
          '(an Ed25519 private key, PKCS#8 PEM or DER in base64)',
      );
    }
  }
  if (!isTimeZone(config.NOTIFY_TIME_ZONE)) {
    throw new ConfigError('Invalid configuration:\n  NOTIFY_TIME_ZONE: must be an IANA time zone such as UTC');
  }
  // Webhooks are signed; outside production a secret is made once, as for the ones above.
  if (!config.WEBHOOK_SIGNING_SECRET && config.NODE_ENV !== 'production') {
    config.WEBHOOK_SIGNING_SECRET = developmentSecret('webhook-signing-secret');
  }
  // Optional everywhere; a development start gets one so Bull Board can be looked at. Tests set
  // their own (or none, to see the routes absent).
  if (!config.OPERATOR_TOKEN && config.NODE_ENV === 'development') {
    config.OPERATOR_TOKEN = developmentSecret('operator-token');
  }
  return config;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
