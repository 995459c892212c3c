import { spawnSync } from 'node:child_process';
import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../apps/cli/src/help';

const ROOT = join(__dirname, '../..');
const STAMP = join(ROOT, 'dist/.build-stamp');
/** Help must work with no database at all: this one refuses every connection. */
const env = { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere', NODE_ENV: 'test' };

const cli = (...args: string[]) =>
  spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: ROOT, env, encoding: 'utf8' });

describe('npm run cli', () => {
  jest.setTimeout(180_000);

  it('--help lists every command with its exit codes and exits 0, without a database', () => {
    const run = cli('--help');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const { usage } of Object.values(COMMANDS)) expect(run.stdout).toContain(usage);
    expect(run.stdout).toMatch(/Exit codes:[\s\S]*2 +a check found something wrong/);
  });

  it('<command> --help explains that command alone and exits 0', () => {
    for (const [name, help] of Object.entries(COMMANDS)) {
      const run = cli(name, '--help');
      expect({ name, status: run.status }).toEqual({ name, status: 0 });
      expect(run.stdout).toContain(help.usage);
      expect(run.stdout).toContain(help.about);
    }
  });

  it('an unknown command with --help is refused with the list, exit code 1', () => {
    const run = cli('org:destroy', '--help');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Unknown command: org:destroy');
    expect(run.stderr).toContain('org:create --name <name>');
  });

  it('builds only when the code is newer than the build', () => {
    // Older than every source: the next run builds and moves the stamp to the build's start.
    utimesSync(STAMP, new Date(0), new Date(0));
    expect(cli('--help').status).toBe(0);
    const built = statSync(STAMP).mtimeMs;
    expect(built).toBeGreaterThan(0);

    // Current now: the next runs build nothing, so the stamp stays as it is.
    expect(cli('--help').status).toBe(0);
    expect(cli('integrity:verify', '--help').status).toBe(0);
    expect(statSync(STAMP).mtimeMs).toBe(built);
  });
});
