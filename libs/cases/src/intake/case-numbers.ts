import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@huquq/platform';

/**
 * Human-friendly case numbers, unique per organization and year: 2024-000123. A number taken
 * by a request that then fails is skipped, never reused; a gap is harmless, a repeat is not.
 *
 * Every appeal of an organization takes this one counter row, so its lock is the one point where
 * intake is serial. It is held for as short as can be: the increment runs in a transaction of
 * its own, sent with the organization in one round trip (the lock never waits for the client),
 * and committed without waiting for the WAL flush. That is safe: an increment lost in a crash
 * can only be one whose number no stored case carries, because the intake that uses the number
 * commits later and synchronously, which flushes the WAL past the increment.
 */
@Injectable()
export class CaseNumbers {
  /** Requests waiting for the counter while its statement runs, per organization and year. */
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly running = new Set<string>();

  constructor(private readonly db: TenantDatabase) {}

  /**
   * `count` numbers for the organization's year. Requests that arrive while the counter's
   * statement runs are served by the next one, in one block (decision 0140): one statement for
   * all of them, and the row lock is taken once per block instead of once per appeal.
   */
  allocate(orgId: string, count: number, now: Date): Promise<string[]> {
    const year = now.getUTCFullYear();
    if (!Number.isInteger(year) || !Number.isInteger(count) || count < 1) {
      throw new Error(`cannot allocate ${count} case numbers for ${year}`);
    }
    const counter = `${orgId.toLowerCase()}|${year}`;
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(counter) ?? [];
      queue.push({ count, resolve, reject });
      this.waiting.set(counter, queue);
      if (!this.running.has(counter)) void this.drain(counter, orgId, year);
    });
  }

  private async drain(counter: string, orgId: string, year: number): Promise<void> {
    this.running.add(counter);
    try {
      for (let block = this.waiting.get(counter); block?.length; block = this.waiting.get(counter)) {
        this.waiting.delete(counter);
        const total = block.reduce((sum, request) => sum + request.count, 0);
        try {
          let next = (await this.take(orgId, year, total)) - total + 1;
          for (const request of block) {
            request.resolve(
              Array.from({ length: request.count }, () => `${year}-${String(next++).padStart(6, '0')}`),
            );
          }
        } catch (error) {
          for (const request of block) request.reject(error);
        }
      }
    } finally {
      this.running.delete(counter);
    }
  }

  /** Moves the counter on by `count`; its new value. */
  private async take(orgId: string, year: number, count: number): Promise<number> {
    // Literals only (statementAlone takes no parameters): the org id is checked to be a UUID there.
    const rows = await this.db.statementAlone<{ last_number: number }>(
      orgId,
      `INSERT INTO case_number_counters (org_id, year, last_number)
       VALUES ('${orgId.toLowerCase()}', ${year}, ${count})
       ON CONFLICT (org_id, year) DO UPDATE SET last_number = case_number_counters.last_number + EXCLUDED.last_number
       RETURNING last_number`,
      { durable: false },
    );
    return rows[0].last_number;
  }
}

interface Waiting {
  count: number;
  resolve: (numbers: string[]) => void;
  reject: (error: unknown) => void;
}
