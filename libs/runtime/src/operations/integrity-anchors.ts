import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import { pruneAnchors, takeAnchor, writeAnchorInto } from '@huquq/event-store';
import { Sql } from '@huquq/platform';

export interface AnchorScheduleOptions {
  /** Where anchors are written (INTEGRITY_ANCHOR_DIR); created if missing. */
  dir: string;
  /** Between two anchors; the first is written at start. */
  everyMs: number;
  /** The newest anchors kept in `dir`; older ones are deleted. */
  keep: number;
}

/**
 * The worker's signed integrity anchors (docs/operations/integrity-anchors.md): one at start,
 * then one every `everyMs`, each a new file named by its time, keeping the newest `keep`. One at
 * a time: a tick while the last anchor is still being taken is skipped. Logs counts and the
 * file name only (an anchor holds no personal data anyway).
 */
export class AnchorSchedule {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Sql,
    private readonly signingKey: KeyObject,
    private readonly options: AnchorScheduleOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.options.everyMs);
    this.timer.unref();
  }

  /** No new anchor after this; waits for the one being written. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Takes, writes and prunes one anchor now; resolves with its file name. */
  async anchorNow(): Promise<string> {
    const anchor = await takeAnchor(this.db, this.signingKey);
    const anchorFile = await writeAnchorInto(this.options.dir, anchor);
    const removed = await pruneAnchors(this.options.dir, this.options.keep);
    this.logger.info(
      {
        anchorFile,
        streams: anchor.contents.streams.length,
        events: anchor.contents.log.events,
        removedAnchors: removed.length,
      },
      'integrity anchor written',
    );
    return anchorFile;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.anchorNow()
      .then(() => undefined)
      .catch((error: unknown) => {
        this.logger.error({ err: { message: (error as Error)?.message } }, 'integrity anchor failed');
      })
      .finally(() => {
        this.running = null;
      });
  }
}
