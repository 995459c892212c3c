import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { claimsFromAuthorization, PUBLIC_AUTH_PATHS, TokenService } from '@huquq/identity';
import {
  accessLog,
  AppConfig,
  bodyGate,
  continueOnlyWhenRead,
  checkConnectionBudget,
  createLogger,
  createValidationPipe,
  expressErrorHandler,
  PinoNestLogger,
  prepareDatabase,
  refuseNulInQuery,
  trustProxySetting,
} from '@huquq/platform';
import { checkMasterKeyBeforeStart } from '@huquq/privacy';
import { ApiModule } from './api.module';
import { openApiDocument } from './openapi';
import { Metrics } from './metrics/metrics';

const KIB = 1024;
const MIB = 1024 * KIB;
const underPath = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
const isDocumentUpload = (path: string) => /^\/v1\/cases\/[^/]+\/documents\/?$/.test(path);

export interface Started {
  app: NestExpressApplication;
  logger: Logger;
}

/**
 * Builds the whole service: creates the database if missing, migrates, and wires HTTP. Used
 * by `main.ts` and by the e2e tests, so the tests run exactly what production runs.
 */
export async function createApi(
  config: AppConfig,
  logger = createLogger(config.LOG_LEVEL),
): Promise<Started> {
  const migrated = await prepareDatabase(config, logger);
  if (migrated.length) logger.info({ migrations: migrated }, 'database migrated');
  await checkMasterKeyBeforeStart(config.KEYRING_DATABASE_URL!, config);
  // Before this process opens its pools: the connections counted are everyone else's.
  await checkConnectionBudget(config, logger);

  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, logger), {
    bodyParser: false,
    abortOnError: false,
    logger: new PinoNestLogger(logger),
  });
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // The client's address (login throttling) is the socket's peer unless TRUST_PROXY names the
  // proxies in front; then it is the rightmost X-Forwarded-For entry they did not add.
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY) ?? false);
  // First, so every request is logged once, refusals before any route included (platform's access-log.ts).
  app.use(accessLog(logger));
  app.use(app.get(Metrics).requestTimer());
  // The strict policy everywhere, the OpenAPI page included: Swagger UI loads its scripts from
  // /docs/*.js (none inline), so it needs no exception (test/browser/openapi-docs.browser-spec.ts).
  app.use(helmet());
  app.use((_req: Request, res: Response, next: NextFunction) => {
    // Case data must never sit in a browser's or a proxy's cache.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Identity before cost: a body over a few KiB is read only once its bearer token holds (the
  // AuthGuard's check), and never deeper than the JSON limits (see platform's body-gate.ts).
  const tokens = app.get(TokenService);
  continueOnlyWhenRead(app.getHttpServer());
  app.use(
    bodyGate({
      anonymousLimit: 8 * KIB,
      publicPaths: PUBLIC_AUTH_PATHS,
      // A raid of up to 500 people is a bigger body than one appeal; everything else stays small.
      limitFor: (req) => (underPath(req.path, '/v1/incidents') ? 2 * MIB : 256 * KIB),
      // A document upload streams its own body (multipart) into the store; the form's own
      // fields and boundaries get 64 KiB beside the document.
      streamedLimitFor: (req) =>
        req.method === 'POST' && isDocumentUpload(req.path) ? config.DOCUMENT_MAX_BYTES + 64 * KIB : null,
      authenticated: (req) =>
        claimsFromAuthorization(req.headers.authorization, tokens).then(
          () => true,
          () => false,
        ),
    }),
  );
  app.use(refuseNulInQuery());
  app.use(expressErrorHandler(logger));
  app.useGlobalPipes(createValidationPipe());
  // Stopping on a signal is main.ts's (stopOnSignals): the listener closes before the modules stop.

  const document = openApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return { app, logger };
}
