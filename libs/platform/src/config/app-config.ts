import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { developmentSecret } from './development-secrets';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes'].includes(String(value).toLowerCase());

/** Every setting huquq reads from the environment; the README's table lists the same. */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Matches(/^postgres(ql)?:\/\/.+\/[A-Za-z0-9_]+$/, {
    message: 'DATABASE_URL must be postgres://user@host:port/database',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/huquq';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be redis://host:port' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

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

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS = 900;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** The API runs the background worker (projections, follow-ups) in its own process. */
  @Transform(toBool)
  WORKER_EMBEDDED = true;

  /** How long a command waits for the case views to show its own write. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  READ_YOUR_WRITES_TIMEOUT_MS = 5000;
}

export class ConfigError extends Error {}

/** Generated for development when missing; production refuses to start without them. */
const SECRETS = ['JWT_SECRET', 'BLIND_INDEX_KEY'] as const;

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
      throw new ConfigError(
        `Invalid configuration:\n  ${name}: required in production (at least 32 characters)`,
      );
    }
    config[name] = developmentSecret(name.toLowerCase().replace(/_/g, '-'));
  }
  return config;
}
