import { ConfigError, loadConfig } from '@huquq/platform';
import { createApi } from '@huquq/runtime';

async function main() {
  const config = loadConfig();
  const { app, logger } = await createApi(config);
  await app.listen(config.PORT, config.HOST);
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
