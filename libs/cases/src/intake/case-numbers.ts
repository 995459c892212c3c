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
  constructor(private readonly db: TenantDatabase) {}

  async allocate(orgId: string, count: number, now: Date): Promise<string[]> {
    const year = now.getUTCFullYear();
    if (!Number.isInteger(year) || !Number.isInteger(count) || count < 1) {
      throw new Error(`cannot allocate ${count} case numbers for ${year}`);
    }
    // Literals only (statementAlone takes no parameters): the org id is checked to be a UUID there.
    const rows = await this.db.statementAlone<{ last_number: number }>(
      orgId,
      `INSERT INTO case_number_counters (org_id, year, last_number)
       VALUES ('${orgId.toLowerCase()}', ${year}, ${count})
       ON CONFLICT (org_id, year) DO UPDATE SET last_number = case_number_counters.last_number + EXCLUDED.last_number
       RETURNING last_number`,
      { durable: false },
    );
    const last = rows[0].last_number;
    return Array.from(
      { length: count },
      (_, i) => `${year}-${String(last - count + 1 + i).padStart(6, '0')}`,
    );
  }
}
