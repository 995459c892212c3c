import { HuquqError } from '@huquq/shared-kernel';
import { helpAskedFor } from './help';

/** Resolves once the text is handed over: an anchor of many megabytes into a pipe is not cut short by exit. */
const print = (stream: NodeJS.WriteStream, text: string) =>
  new Promise<void>((resolve) => stream.write(text, () => resolve()));

/**
 * Admin commands print one JSON line on success (or a text as it is: a PEM, an anchor, with
 * its note on stderr), a plain message on stderr on failure. Returns the exit code (see help.ts).
 */
async function main(argv: string[]): Promise<number> {
  // Help needs neither the configuration nor the database: it works before anything is set up.
  const help = helpAskedFor(argv);
  if (help) {
    await print(help.known ? process.stdout : process.stderr, `${help.text}\n`);
    return help.known ? 0 : 1;
  }
  // Loaded only now, so help does not wait for every library to load.
  const [{ loadConfig }, { runCommand }, { PlainOutput }] = await Promise.all([
    import('@huquq/platform'),
    import('./commands'),
    import('./integrity-commands'),
  ]);
  const result = await runCommand(loadConfig(), argv);
  if (result instanceof PlainOutput) {
    await print(process.stdout, result.text);
    if (result.note) await print(process.stderr, `${result.note}\n`);
  } else {
    await print(process.stdout, `${JSON.stringify(result)}\n`);
  }
  // A failed check is a failed command, so scripts and cron notice tampering.
  return (result as { valid?: boolean })?.valid === false ? 2 : 0;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    const message =
      error instanceof HuquqError || error?.name === 'ConfigError'
        ? error.message
        : `failed: ${error?.message ?? error}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
