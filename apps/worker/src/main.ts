import { NestFactory } from '@nestjs/core';
import {
  checkConnectionBudget,
  ConfigError,
  createLogger,
  loadConfig,
  PinoNestLogger,
  prepareDatabase,
} from '@huquq/platform';
import { stopOnSignals } from '@huquq/runtime';
import { WorkerModule } from './worker.module';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  await prepareDatabase(config, logger);
  await checkConnectionBudget(config, logger);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), {
    logger: new PinoNestLogger(logger),
  });
  await app.init();
  // The follow-up worker finishes (or hands back) its running jobs before the connections close.
  stopOnSignals(app, logger, { what: 'huquq worker' });
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
