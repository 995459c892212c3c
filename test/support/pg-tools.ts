import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';

const BIN = execFileSync('pg_config', ['--bindir']).toString().trim();

/** pg_dump / pg_restore as docs/operations/backup-and-restore.md says; the exit status and output. */
export function pgTool(binary: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      join(BIN, binary),
      args,
      { timeout: 120000, maxBuffer: 64 * 1024 * 1024 },
      (error, _out, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}
