import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { waitFor } from '../support/wait-for';

const ROOT = join(__dirname, '../..');
const TS_REGISTER = join(ROOT, 'test/follow-ups/support/ts-register.cjs');
const STOP_ON_SIGNALS = join(ROOT, 'libs/runtime/src/operations/stop-on-signals.ts');

/**
 * A process stopped by stopOnSignals, with the service's own logger (pino's default, asynchronous
 * destination on a pipe) and an application whose `close()` ends what kept the process running,
 * then runs `closeBody`. It logs 'ready' once the signal may come.
 */
function stoppingProcess(closeBody: string, options: { modulesStopMs?: number } = {}) {
  const program = `
    const { createLogger } = require('@huquq/platform');
    const { stopOnSignals } = require(${JSON.stringify(STOP_ON_SIGNALS)});
    const { pbkdf2 } = require('node:crypto');
    const logger = createLogger('info');
    // What keeps it running until the modules stop (a service's pools and connections).
    const running = setInterval(() => undefined, 60_000);
    const app = { close: async () => { clearInterval(running); ${closeBody} } };
    stopOnSignals(app, logger, { what: 'the drill', ...${JSON.stringify(options)} });
    logger.info('ready');
  `;
  const child = spawn(process.execPath, ['-r', TS_REGISTER, '-e', program], {
    cwd: ROOT,
    // One thread in libuv's pool: one busy task is enough to hold back a file write.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, UV_THREADPOOL_SIZE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close': the child has ended and all of its output has been read.
  const ended = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, ended, output: () => output };
}

describe('stopping on a signal writes its last lines', () => {
  jest.setTimeout(60_000);
  const children: ReturnType<typeof stoppingProcess>[] = [];
  afterEach(() => {
    for (const { child } of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('"stopped" is written before the process ends, even while the thread pool is busy', async () => {
    // The modules stop while a thread-pool task runs (as a password hash of a login would): the
    // last line's write waits behind it. Old code: pino's flush answered at once, and the
    // process killed itself before the line was written.
    const service = stoppingProcess(`pbkdf2('drill', 'salt', 300000, 64, 'sha512', () => undefined);`);
    children.push(service);
    await waitFor(() => service.output().includes('"ready"'), { timeoutMs: 30_000, what: 'ready' });

    service.child.kill('SIGTERM');
    const [code, signal] = await service.ended;

    expect(service.output()).toContain('the drill stopping');
    expect(service.output()).toContain('the drill stopped');
    // It still ends as the signal says.
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it("a module's stop that never ends is reported and ends the process with status 1, not in silence", async () => {
    // A stop that awaits a promise nobody resolves, holding no handle: the event loop ran dry and
    // the process ended with status 0 and without a word.
    const service = stoppingProcess('await new Promise(() => undefined);', { modulesStopMs: 500 });
    children.push(service);
    await waitFor(() => service.output().includes('"ready"'), { timeoutMs: 30_000, what: 'ready' });

    service.child.kill('SIGTERM');
    const [code] = await service.ended;

    expect(service.output()).toContain('the drill did not stop cleanly');
    expect(service.output()).toContain("the modules' stop did not end within 500 ms");
    expect(service.output()).not.toContain('the drill stopped');
    expect(code).toBe(1);
  });
});
