import type { Server } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { endLog } from '@huquq/platform';

/** Requests still running this long after a stop signal are cut off (their connections closed). */
const HTTP_DRAIN_MS = 10_000;
/** How often idle keep-alive connections are closed while requests drain. */
const IDLE_SWEEP_MS = 100;
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
/**
 * The modules' own stop, bounded: longer than each of their own bounds (the follow-up jobs' grace
 * is 20 s, a projection batch and a webhook send are bounded by their timeouts). A stop still
 * under way then is stuck, and is reported as such rather than waited for.
 */
const MODULES_STOP_MS = 45_000;

/**
 * The promise, or a rejection once `ms` have passed. Its timer also keeps the process alive
 * meanwhile: a module's stop that waits for something no handle will ever bring (a promise
 * nobody resolves) would otherwise let the event loop run dry, and the process would end in
 * silence, its stop half done, with exit status 0.
 */
async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes the listener, then waits for the requests in flight to be answered (bounded); idle
 * keep-alive connections are closed as they become idle, so a client's open connection does not
 * hold the stop back.
 */
async function drainHttp(server: Server, drainMs = HTTP_DRAIN_MS): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  const cutOff = setTimeout(() => server.closeAllConnections(), drainMs);
  server.closeIdleConnections();
  try {
    await closed;
  } finally {
    clearInterval(sweep);
    clearTimeout(cutOff);
  }
}

/**
 * Stops the process on SIGTERM or SIGINT, in an order that loses nothing: first no new HTTP
 * requests while those in flight are answered (API), then every module's own stop (the follow-up
 * worker finishes or hands back its jobs, projections finish their batch), the connections last.
 * Nest's own shutdown hooks would stop the modules while the listener still accepts requests
 * and close it only afterwards. A repeated signal (the group's and npm's forwarded one) is ignored.
 */
export function stopOnSignals(
  app: INestApplicationContext,
  logger: Logger,
  options: { server?: Server; what: string; modulesStopMs?: number },
): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${options.what} stopping`);
    try {
      if (options.server) await drainHttp(options.server);
      await within(app.close(), options.modulesStopMs ?? MODULES_STOP_MS, "the modules' stop");
      logger.info(`${options.what} stopped`);
      // pino writes asynchronously: the last lines would die with the process otherwise.
      await endLog(logger);
      // Ends as the signal says (exit status 128 + its number), as Nest's own hooks did and as
      // a supervisor expects of a process it stopped.
      for (const s of SIGNALS) process.removeListener(s, onSignal);
      process.kill(process.pid, signal);
    } catch (error) {
      logger.error({ err: (error as Error)?.message }, `${options.what} did not stop cleanly`);
      await endLog(logger);
      process.exit(1);
    }
  };
  const onSignal = (signal: NodeJS.Signals) => void stop(signal);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
