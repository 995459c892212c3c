import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import {
  AppConfig,
  appDatabaseUrl,
  checkConnectionBudget,
  createLogger,
  createValidationPipe,
  ensureDatabase,
  expressErrorHandler,
  maintenanceTimeouts,
  PinoNestLogger,
  runMigrations,
  syncAppRolePassword,
} from '@huquq/platform';
import { ApiModule } from './api.module';

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
  await ensureDatabase(config.DATABASE_URL, maintenanceTimeouts(config));
  const migrated = await runMigrations(config.DATABASE_URL, maintenanceTimeouts(config));
  if (migrated.length) logger.info({ migrations: migrated }, 'database migrated');
  await syncAppRolePassword(
    config.DATABASE_URL,
    appDatabaseUrl(config.DATABASE_URL, config.APP_DATABASE_URL),
    maintenanceTimeouts(config),
  );
  // Before this process opens its pools: the connections counted are everyone else's.
  await checkConnectionBudget(config, logger);

  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, logger), {
    bodyParser: false,
    abortOnError: false,
    logger: new PinoNestLogger(logger),
  });
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // A raid of up to 500 people is a bigger body than one appeal; everything else stays small.
  app.use('/v1/incidents', json({ limit: '2mb' }));
  app.use(json({ limit: '256kb' }));
  app.use(expressErrorHandler(logger));
  // The OpenAPI page runs inline scripts; everything else is JSON and gets the strict policy.
  const strict = helmet();
  const docs = helmet({ contentSecurityPolicy: false });
  app.use((req: Request, res: Response, next: NextFunction) =>
    (req.path.startsWith('/docs') ? docs : strict)(req, res, next),
  );
  app.use((_req: Request, res: Response, next: NextFunction) => {
    // Case data must never sit in a browser's or a proxy's cache.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('huquq')
      .setDescription('Case tracking for legal aid to migrant workers (API version 1)')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return { app, logger };
}
