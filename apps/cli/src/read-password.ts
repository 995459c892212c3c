import { createInterface } from 'node:readline';

/**
 * A password from stdin: piped (`printf '%s' "$P" | npm run cli -- user:create …`, first line)
 * or typed at a prompt on a terminal, not echoed. Never from the command line, where `ps` and the
 * shell's history would show it.
 */
export async function readPassword(prompt = 'Password: '): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of input) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
  }
  const rl = createInterface({ input, output: process.stderr, terminal: true });
  // Nothing typed is echoed: readline writes through this, and we write only the prompt.
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (text: string) => {
    if (text.includes(prompt)) write.call(rl, prompt);
  };
  try {
    return await new Promise<string>((resolve) => rl.question(prompt, resolve));
  } finally {
    process.stderr.write('\n');
    rl.close();
  }
}
