import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { appRoleName, withUser } from '@huquq/platform';
import { benchBuild, repoRoot } from './repo';

export interface BenchServerOptions {
  databaseUrl: string;
  /** Extra environment (LOG_LEVEL, WORKER_EMBEDDED, …). */
  env?: Record<string, string>;
  /** Write a V8 CPU profile of the server into this folder (node --cpu-prof). */
  cpuProfileDir?: string;
  /** The script to run; the built API by default. */
  entry?: string;
  /** The service's keys, when the bench made data under them beforehand; random otherwise. */
  secrets?: ServerSecrets;
}

export interface ServerSecrets {
  JWT_SECRET: string;
  BLIND_INDEX_KEY: string;
  HUQUQ_MASTER_KEY: string;
}

/** Production wants the request path's own role with a password (decision 0022): a fresh one. */
export function benchAppDatabaseUrl(databaseUrl: string): string {
  return withUser(databaseUrl, appRoleName(databaseUrl), randomBytes(32).toString('base64url'));
}

export function randomSecrets(): ServerSecrets {
  return {
    JWT_SECRET: randomBytes(32).toString('base64url'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64url'),
    HUQUQ_MASTER_KEY: randomBytes(32).toString('base64'),
  };
}

export interface BenchServer {
  url: string;
  pid: number | undefined;
  port: number;
  secrets: ServerSecrets;
  queuePrefix: string;
  /** SIGTERM, then waits for the process to end (the CPU profile is written on exit). */
  stop(): Promise<void>;
  /** What the server wrote to stderr and stdout (warnings and up). */
  output(): string;
}

/** The API, compiled with the benches, as a child process of its own: the way production runs it. */
export async function startServer(options: BenchServerOptions): Promise<BenchServer> {
  copyStaticFiles();
  const port = await freePort();
  const secrets = options.secrets ?? randomSecrets();
  const queuePrefix = `bench${randomBytes(4).toString('hex')}`;
  const args = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child = spawn(
    process.execPath,
    [...args, options.entry ?? benchBuild('apps', 'api', 'src', 'main.js')],
    {
      cwd: repoRoot(),
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        DATABASE_URL: options.databaseUrl,
        APP_DATABASE_URL: benchAppDatabaseUrl(options.databaseUrl),
        REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
        PORT: String(port),
        QUEUE_PREFIX: queuePrefix,
        LOG_LEVEL: 'warn',
        JWT_TTL_SECONDS: '3600',
        // The bench polls the load report until the views catch up: throughput, not the limits.
        REPORT_RATE_LIMIT: '1000000',
        ...secrets,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => output);
  return {
    url,
    pid: child.pid,
    port,
    secrets,
    queuePrefix,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`the API did not become healthy in 60 s:\n${output()}`);
}

/**
 * Files the API serves that tsc does not emit (the coordinators' dashboard), beside the compiled
 * code as a build would place them: the bench build sits one folder deeper than `npm run build`'s.
 */
function copyStaticFiles(): void {
  const source = join(repoRoot(), 'libs', 'reports', 'src', 'dashboard');
  const target = benchBuild('libs', 'reports', 'src', 'dashboard');
  if (existsSync(source))
    cpSync(source, target, { recursive: true, filter: (file) => !file.endsWith('.ts') });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** POST/GET JSON against the bench server; throws on anything but the expected status. */
export async function http<T>(
  method: string,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  expected = 200,
): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
