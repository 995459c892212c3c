import { Injectable } from '@nestjs/common';
import { Sql } from '@huquq/platform';
import { Actor } from '@huquq/shared-kernel';
import { CaseFacts, DEFAULT_NEED_TO_KNOW, NeedToKnowSettings, seesPersonalData } from '@huquq/identity';

/** What a reader without need-to-know finds where the personal fields were (decision 0095). */
export type PersonalDataMarker = 'shown' | 'withheld';

/**
 * Gathers the facts the need-to-know policy decides on (domain/need-to-know.ts) and asks it,
 * for one case or a page of cases, inside the reader's own transaction.
 */
@Injectable()
export class NeedToKnow {
  async settings(tx: Sql, orgId: string): Promise<NeedToKnowSettings> {
    const { rows } = await tx.query<{
      coordinators_see_personal_data: boolean;
      admins_see_personal_data_in_cases: boolean;
      intake_window_hours: number;
      unusual_reading_cases_per_hour: number;
    }>('SELECT * FROM need_to_know_settings WHERE org_id = $1', [orgId]);
    const row = rows[0];
    if (!row) return DEFAULT_NEED_TO_KNOW;
    return {
      coordinatorsSeePersonalData: row.coordinators_see_personal_data,
      adminsSeePersonalDataInCases: row.admins_see_personal_data_in_cases,
      intakeWindowHours: row.intake_window_hours,
      unusualReadingCasesPerHour: row.unusual_reading_cases_per_hour,
    };
  }

  /** The cases among `caseIds` whose personal data this actor sees. */
  async shownCases(tx: Sql, actor: Actor, caseIds: string[]): Promise<Set<string>> {
    if (caseIds.length === 0) return new Set();
    const settings = await this.settings(tx, actor.orgId);
    const { rows } = await tx.query<{
      case_id: string;
      assignee_id: string | null;
      logged_by: string | null;
      logged_at: Date | null;
      claimants: string[];
    }>(
      `SELECT c.case_id, c.assignee_id, logged.actor_id AS logged_by, logged.recorded_at AS logged_at,
              ARRAY(SELECT DISTINCT t.assignee_id FROM follow_up_tasks t
                    WHERE t.org_id = c.org_id AND t.case_id = c.case_id AND t.assignee_id IS NOT NULL
                   )::text[] AS claimants
       FROM case_views c
       LEFT JOIN LATERAL (
         SELECT h.actor_id, h.recorded_at FROM case_history h
         WHERE h.org_id = c.org_id AND h.case_id = c.case_id AND h.type = 'appeal-logged'
         ORDER BY h.global_position LIMIT 1
       ) logged ON true
       WHERE c.org_id = $1 AND c.case_id = ANY($2)`,
      [actor.orgId, caseIds],
    );
    const now = new Date();
    return new Set(
      rows
        .filter((row) => {
          const facts: CaseFacts = {
            assigneeId: row.assignee_id,
            taskClaimants: row.claimants,
            loggedBy: row.logged_by,
            loggedAt: row.logged_at,
          };
          return seesPersonalData(actor, facts, settings, now);
        })
        .map((row) => row.case_id),
    );
  }

  async seesCase(tx: Sql, actor: Actor, caseId: string): Promise<boolean> {
    return (await this.shownCases(tx, actor, [caseId])).has(caseId);
  }
}
