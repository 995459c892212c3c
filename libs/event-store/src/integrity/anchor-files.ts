import { mkdir, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SignedAnchor } from './anchor';

/** `anchor-2026-12-01T22-29-15-123Z.json`: the time it was taken; names sort as times do. */
const SCHEDULED_NAME = /^anchor-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.json$/;

function anchorFileName(anchor: SignedAnchor): string {
  return `anchor-${anchor.contents.createdAt.replace(/[:.]/g, '-')}.json`;
}

/**
 * Writes an anchor into the directory under its time (created if missing): first under a
 * hidden temporary name, then renamed, so whoever copies the directory off the server never
 * picks up half a file. Returns the file name.
 */
export async function writeAnchorInto(dir: string, anchor: SignedAnchor): Promise<string> {
  await mkdir(dir, { recursive: true });
  const name = anchorFileName(anchor);
  const temporary = join(dir, `.${name}.${process.pid}.tmp`);
  await writeFile(temporary, anchor.text, { flag: 'wx' });
  try {
    await rename(temporary, join(dir, name));
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  return name;
}

/** Writes an anchor to a path of the operator's choosing; an existing file is never overwritten. */
export async function writeAnchorFile(path: string, anchor: SignedAnchor): Promise<void> {
  await writeFile(path, anchor.text, { flag: 'wx' });
}

/** Deletes all but the newest `keep` scheduled anchors in the directory; returns what it deleted. */
export async function pruneAnchors(dir: string, keep: number): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => SCHEDULED_NAME.test(name)).sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const name of old) await unlink(join(dir, name)).catch(() => undefined);
  return old;
}
