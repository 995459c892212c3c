import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { Client } from 'pg';

/** The facts a figure means nothing without. */
export async function machineFacts(serverUrl: string): Promise<Record<string, unknown>> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings
       WHERE name IN ('server_version', 'shared_buffers', 'synchronous_commit', 'fsync', 'max_connections',
                      'wal_level', 'commit_delay', 'max_wal_size', 'autovacuum', 'shared_preload_libraries',
                      'pg_stat_statements.track', 'port')`,
    );
    const postgres = Object.fromEntries(
      rows.map((row) => [row.name, row.unit ? `${row.setting} ${row.unit}` : row.setting]),
    );
    return {
      nproc: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      postgres,
      pgbench: safely(() => execFileSync('pgbench', ['--version']).toString().trim()),
      loadAverageAtStart: loadavg().map((load) => Number(load.toFixed(2))),
    };
  } finally {
    await client.end();
  }
}

function safely(read: () => string): string | null {
  try {
    return read();
  } catch {
    return null;
  }
}
