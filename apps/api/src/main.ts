import { ConfigError, loadConfig } from '@huquq/platform';
import { createApi, stopOnSignals } from '@huquq/runtime';

async function main() {
  const config = loadConfig();
  const { app, logger } = await createApi(config);
  await app.listen(config.PORT, config.HOST);
  // Requests in flight are answered before the modules stop and the connections close.
  stopOnSignals(app, logger, { server: app.getHttpServer(), what: 'huquq API' });
  logger.info(
    { host: config.HOST, port: config.PORT, workerEmbedded: config.WORKER_EMBEDDED },
    'huquq API listening',
  );
}

main().catch((error) => {
  // Configuration errors are written for a person; anything else still gets no personal data.
  process.stderr.write(
    error instanceof ConfigError
      ? `${error.message}\n`
      : `huquq failed to start: ${error?.message ?? error}\n`,
  );
  process.exit(1);
});
