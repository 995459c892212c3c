import type { EventEmitter } from 'node:events';
import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/**
 * Personal data must never reach a log. Code does not log it on purpose; these paths catch
 * it by accident (a request body, an error detail) and print `[redacted]` instead.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'body',
  '*.body',
  'password',
  '*.password',
  // The secrets of accounts: passwords, refresh and reset tokens, one-time and recovery codes.
  '*.currentPassword',
  '*.newPassword',
  '*.refreshToken',
  '*.otp',
  '*.token',
  '*.secret',
  '*.recoveryCodes',
  'req.headers["set-cookie"]',
  'res.headers["set-cookie"]',
  '*.fullName',
  '*.phone',
  '*.passportNumber',
  '*.dateOfBirth',
  '*.description',
  '*.text',
  '*.result',
  '*.client',
  '*.people',
  'client',
  'people',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'huquq' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream | undefined,
  );
}

/** How long a process about to end waits for its last log lines to be written. */
const END_LOG_MS = 2_000;

/**
 * Ends the log: resolves once every line logged so far has been written (bounded), for a
 * process about to end by a signal, which runs no exit handler. Nothing may be logged afterwards.
 *
 * pino's default destination (sonic-boom) writes asynchronously, through libuv's thread pool,
 * and its `flush(cb)` answers at once when nothing is buffered (minLength 0), even while the
 * last line is still being written: a `process.kill` right after it lost that line whenever the
 * thread pool was busy (password hashing, DNS, file work). Ending the destination waits for the
 * write in flight, writes the rest and then says 'close'.
 */
export function endLog(logger: Logger, boundMs = END_LOG_MS): Promise<void> {
  const stream = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as
    | (Partial<EventEmitter> & { end?: () => void; destroyed?: boolean })
    | undefined;
  if (typeof stream?.end !== 'function' || typeof stream.once !== 'function' || stream.destroyed) {
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    const bound = setTimeout(resolve, boundMs);
    const done = () => {
      clearTimeout(bound);
      resolve();
    };
    stream.once!('close', done);
    stream.once!('error', done);
    try {
      stream.end!();
    } catch {
      done();
    }
  });
}

/** Lets Nest's own messages go through pino, so there is one log format and one redaction. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
