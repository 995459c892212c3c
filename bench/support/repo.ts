import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository's root: the nearest folder up from here whose package.json is huquq's. */
export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'huquq'
    ) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no huquq package.json above ${from}`);
  }
}

/**
 * The compiled tree the benches run: `npm run bench` compiles bench/ together with the API and
 * the CLI into dist/bench, so a bench always measures the source as it is, never a stale build.
 */
export function benchBuild(...path: string[]): string {
  return join(repoRoot(), 'dist', 'bench', ...path);
}
