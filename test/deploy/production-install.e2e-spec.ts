import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabase } from '@huquq/platform';
import { freshDatabaseUrl } from '../support/test-database';
import { waitFor } from '../support/wait-for';
import { freePort, listening } from '../operations/support/npm-process';
import { commandOf, copyOf, envOf, readDockerfile } from './support/dockerfile';
import { productionEnv } from '../support/production-env';

const ROOT = join(__dirname, '../..');
const BUILD_OUTPUT = '/app/dist';

/**
 * The image's recipe without Docker: the run stage of the Dockerfile, step by step, in an empty
 * folder standing for the image's /app — its COPY from the sources, its RUN (`npm ci
 * --omit=dev`), its COPY of the build stage's output (this checkout's `npm run build`, which is
 * the build stage's two commands), its ENV — then its CMD. The API must start from that alone
 * and answer, with no dev dependency installed.
 */
describe('the image recipe, outside Docker', () => {
  jest.setTimeout(240_000);
  const app = mkdtempSync(join(tmpdir(), 'huquq-image-'));
  const databaseUrl = freshDatabaseUrl();
  let service: ReturnType<typeof spawn> | undefined;

  afterAll(async () => {
    if (service && service.exitCode === null) service.kill('SIGKILL');
    rmSync(app, { recursive: true, force: true });
    await dropDatabase(databaseUrl);
  });

  it('runs the API from the build output and production dependencies only', async () => {
    const stages = readDockerfile(join(ROOT, 'Dockerfile'));
    const [build, run] = [stages[0], stages.at(-1)!];
    // The build stage is `npm ci` and `npm run build`: this checkout, built when stale.
    expect(build.steps.filter((s) => s.keyword === 'RUN').map((s) => commandOf(s.args))).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run build',
    ]);
    execFileSync(process.execPath, [join(ROOT, 'scripts/run-built.cjs')], { cwd: ROOT, stdio: 'pipe' });

    const env: Record<string, string> = {};
    let user = 'root';
    let cmd: string[] = [];
    for (const { keyword, args } of run.steps) {
      if (keyword === 'ENV') Object.assign(env, envOf(args));
      else if (keyword === 'USER') user = args;
      else if (keyword === 'CMD') cmd = JSON.parse(args);
      else if (keyword === 'COPY') {
        const { from, sources, dest } = copyOf(args);
        if (from) expect({ from, sources }).toEqual({ from: build.name, sources: [BUILD_OUTPUT] });
        for (const source of sources) {
          const origin = from ? join(ROOT, 'dist') : join(ROOT, source);
          const target = join(app, dest.endsWith('/') && !from ? source.split('/').at(-1)! : dest);
          cpSync(origin, target, { recursive: true });
        }
      } else if (keyword === 'RUN') {
        // npm's cache of this machine (as the cache mount would be), the network only for what it lacks.
        execFileSync('sh', ['-c', commandOf(args)], {
          cwd: app,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, npm_config_prefer_offline: 'true' },
          stdio: 'pipe',
        });
      }
    }
    expect(user).not.toBe('root');
    expect(env.NODE_ENV).toBe('production');
    // (typescript itself comes with a production dependency: valibot, of Bull Board, names it as a peer.)
    for (const dev of ['jest', 'ts-jest', '@types/node', '@nestjs/cli', 'eslint', 'tsc-alias'])
      expect({ dev, installed: existsSync(join(app, 'node_modules', dev)) }).toEqual({
        dev,
        installed: false,
      });

    const port = await freePort();
    service = spawn(cmd[0] === 'node' ? process.execPath : cmd[0], cmd.slice(1), {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        ...env,
        HOST: '127.0.0.1',
        PORT: String(port),
        // Production's own demands: random secrets, the app role's URL with a password.
        ...productionEnv(new URL(databaseUrl).pathname.slice(1)),
        DATABASE_URL: databaseUrl,
        QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    service.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    service.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(service, 'exit');

    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => {
        if (service!.exitCode !== null) throw new Error(`the API exited:\n${output.slice(-3000)}`);
        return (await fetch(`${base}/health`)).ok;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the API to answer /health' },
    );
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/dashboard`)).status).toBe(200);
    expect((await fetch(`${base}/docs-json`)).status).toBe(200);

    service.kill('SIGTERM');
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await listening(port)).toBe(false);
  });
});
