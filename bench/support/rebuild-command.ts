import { spawn } from 'node:child_process';
import { benchBuild, repoRoot } from './repo';
import { benchAppDatabaseUrl } from './server';

/**
 * `projections:rebuild` through the CLI, in a process of its own, as an operator runs it;
 * answers what it printed. The rebuild bench times it; the intake bench uses it to build the
 * views of a large seeded history before the API starts (one shared read of the log, indexes
 * built after the bulk load), much faster than the API's projections catching up one by one.
 */
export function rebuildCommand(
  databaseUrl: string,
  secrets: Record<string, string>,
  profileDir?: string,
): Promise<string> {
  const args = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...args, benchBuild('apps', 'cli', 'src', 'main.js'), 'projections:rebuild'],
      {
        cwd: repoRoot(),
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'production',
          DATABASE_URL: databaseUrl,
          APP_DATABASE_URL: benchAppDatabaseUrl(databaseUrl),
          LOG_LEVEL: 'warn',
          ...secrets,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`projections:rebuild exited with ${code}:\n${output.slice(-2000)}`)),
    );
  });
}
