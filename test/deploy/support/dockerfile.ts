import { readFileSync } from 'node:fs';

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name: string;
  from: string;
  steps: Instruction[];
}

/** The Dockerfile's stages and their instructions (comments dropped, continued lines joined). */
export function readDockerfile(path: string): Stage[] {
  const lines = readFileSync(path, 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword, args] = /^(\S+)\s+(.*)$/.exec(line)!;
    if (keyword.toUpperCase() === 'FROM') {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args)!;
      stages.push({ name: name ?? String(stages.length), from, steps: [] });
    } else {
      stages.at(-1)!.steps.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

/** `a=1 b=2` (or the old `a 1`) → { a: '1', b: '2' } */
export function envOf(args: string): Record<string, string> {
  if (!args.includes('=')) {
    const [name, ...value] = args.split(/\s+/);
    return { [name]: value.join(' ') };
  }
  return Object.fromEntries(args.split(/\s+/).map((pair) => pair.split('=') as [string, string]));
}

/** `--from=build --chown=x src... dest` → its flags, sources and destination. */
export function copyOf(args: string): { from?: string; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
}

/** `RUN --mount=... cmd` → cmd (a cache mount changes where npm keeps its cache, not what it installs). */
export const commandOf = (args: string) => args.replace(/^(--\S+\s+)+/, '');
