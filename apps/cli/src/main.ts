import { HuquqError, loadConfig } from '@huquq/platform';
import { runCommand } from './commands';

/** Admin commands print one JSON line on success, a plain message on stderr on failure. */
runCommand(loadConfig(), process.argv.slice(2))
  .then((result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    // A failed check is a failed command, so scripts and cron notice tampering.
    process.exit((result as { valid?: boolean })?.valid === false ? 2 : 0);
  })
  .catch((error) => {
    const message =
      error instanceof HuquqError || error?.name === 'ConfigError'
        ? error.message
        : `failed: ${error?.message ?? error}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
