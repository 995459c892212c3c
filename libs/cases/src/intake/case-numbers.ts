import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@huquq/platform';

/**
 * Human-friendly case numbers, unique per organization and year: 2024-000123. A number taken
 * by a request that then fails is skipped, never reused; a gap is harmless, a repeat is not.
 * A transaction of its own, so the counter row is locked for one statement, not a whole intake.
 */
@Injectable()
export class CaseNumbers {
  constructor(private readonly db: TenantDatabase) {}

  async allocate(orgId: string, count: number, now: Date): Promise<string[]> {
    const year = now.getUTCFullYear();
    const { rows } = await this.db.transaction(orgId, (tx) =>
      tx.query<{ last_number: number }>(
        `INSERT INTO case_number_counters (org_id, year, last_number) VALUES ($1, $2, $3)
       ON CONFLICT (org_id, year) DO UPDATE SET last_number = case_number_counters.last_number + EXCLUDED.last_number
       RETURNING last_number`,
        [orgId, year, count],
      ),
    );
    const last = rows[0].last_number;
    return Array.from(
      { length: count },
      (_, i) => `${year}-${String(last - count + 1 + i).padStart(6, '0')}`,
    );
  }
}
