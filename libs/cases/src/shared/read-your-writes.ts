/** An event just written, as its append answered it. */
export interface WrittenEvent {
  globalPosition: number;
  /** xid8 as text, from the append (AppendResult.lastTransactionId). */
  transactionId: string;
  type: string;
}

/**
 * A command answers only once the views show its own write, so a GET right after a 201 finds
 * the case. The app binds this to the projection runner (or, with the worker elsewhere, to
 * polling its checkpoints).
 */
export abstract class ReadYourWrites {
  /** Pass the last position of every stream written: each view waits only for the event types it reads. */
  abstract waitFor(...globalPositions: number[]): Promise<void>;

  /** waitFor, when the append told the events' transaction and type: nothing left to look up. */
  waitForEvents(...events: WrittenEvent[]): Promise<void> {
    return this.waitFor(...events.map((event) => event.globalPosition));
  }
}

/** The last event of each stream of an append, for waitForEvents. */
export function writtenEvents(
  appends: readonly { events: readonly { type: string }[] }[],
  results: readonly { lastPosition: number; lastTransactionId: string | null }[],
): WrittenEvent[] {
  return results.flatMap((result, i) => {
    const type = appends[i].events.at(-1)?.type;
    return result.lastTransactionId && type
      ? [{ globalPosition: result.lastPosition, transactionId: result.lastTransactionId, type }]
      : [];
  });
}
