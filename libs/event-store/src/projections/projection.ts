import { Sql } from '@huquq/platform';
import { StoredEvent } from '../events';

/**
 * A read model kept up to date from the log. The runner calls `apply` inside the transaction
 * that also moves the projection's checkpoint, so rows and checkpoint never disagree.
 */
export interface Projection {
  /** Stable: it names the checkpoint and the parked events. */
  name: string;
  /** The types `apply` is given; empty means every type. */
  eventTypes: string[];
  /**
   * Written by the write path in the append's own transaction (what a client reads right after
   * a command); the runner only catches it up at start and rebuilds it. Otherwise asynchronous.
   */
  inline?: boolean;
  /** Events in log order. Must write only through `sql`, the runner's transaction. */
  apply(sql: Sql, events: StoredEvent[]): Promise<void>;
  /**
   * Deletes every row this projection wrote, before a rebuild from the start of the log.
   * TRUNCATE where the tables are the projection's alone: the rebuild then refills clean tables
   * and indexes rather than ones full of dead rows (it holds the tables locked only until the
   * reset commits).
   */
  reset(sql: Sql): Promise<void>;
  /**
   * Indexes of the tables `reset` empties that `apply` never reads by (what the views' readers
   * use): a full rebuild drops them after the reset and builds them once the log is replayed.
   * Never a unique index (ON CONFLICT and constraints need them); those are left in place.
   */
  deferredIndexes?: readonly string[];
  /**
   * Primary keys or unique constraints (by constraint name) of the tables `reset` empties that a
   * full rebuild drops with the indexes and adds back after the replay (docs/decisions/0153).
   * Only where `apply` writes the table with a bare `ON CONFLICT DO NOTHING` (no conflict
   * target: PostgreSQL takes that with no unique index at all) and nothing of `apply` reads by
   * the key. Rows a running API writes twice meanwhile are made one when the key comes back.
   */
  deferredKeys?: readonly string[];
}
