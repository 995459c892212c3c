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
