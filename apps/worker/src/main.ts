import { NestFactory } from '@nestjs/core';
import {
  ConfigError,
  createLogger,
  ensureDatabase,
  loadConfig,
  PinoNestLogger,
  runMigrations,
} from '@huquq/platform';
import { WorkerModule } from './worker.module';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  await ensureDatabase(config.DATABASE_URL);
  await runMigrations(config.DATABASE_URL, {
    onClockMoved: (move) =>
      logger.warn(
        { xidOffsetFrom: move.from, xidOffsetTo: move.to },
        'the log clock moved forward: this database was restored into another cluster',
      ),
  });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), {
    logger: new PinoNestLogger(logger),
  });
  app.enableShutdownHooks();
  await app.init();
  logger.info('huquq worker running');
}

main().catch((error) => {
  process.stderr.write(
    error instanceof ConfigError
      ? `${error.message}\n`
      : `huquq worker failed to start: ${error?.message ?? error}\n`,
  );
  process.exit(1);
});
