import { HuquqError, loadConfig } from '@huquq/platform';
import { Help, runCommand } from './commands';
import { PlainOutput } from './integrity-commands';

/** Resolves once the text is handed over: an anchor of many megabytes into a pipe is not cut short by exit. */
const print = (stream: NodeJS.WriteStream, text: string) =>
  new Promise<void>((resolve) => stream.write(text, () => resolve()));

/**
 * Admin commands print one JSON line on success (or a text as it is: a PEM, an anchor, with
 * its note on stderr), a plain message on stderr on failure.
 */
runCommand(loadConfig(), process.argv.slice(2))
  .then(async (result) => {
    if (result instanceof Help) {
      await print(process.stdout, `${result.text}\n`);
    } else if (result instanceof PlainOutput) {
      await print(process.stdout, result.text);
      if (result.note) await print(process.stderr, `${result.note}\n`);
    } else {
      await print(process.stdout, `${JSON.stringify(result)}\n`);
    }
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
