import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@huquq/platform';

/** The server benches use: the local one, unless BENCH_DATABASE_SERVER names another. Never remote load. */
export const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

export interface ThrowawayDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A database of the bench's own, created empty; drop() removes it whatever happened. */
export async function throwawayDatabase(prefix: string): Promise<ThrowawayDatabase> {
  const name = `huquq_bench_${prefix}_${randomBytes(4).toString('hex')}`;
  const url = `${SERVER}/${name}`;
  await ensureDatabase(url);
  return { url, name, drop: () => dropDatabase(url) };
}
