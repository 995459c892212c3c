import { Actor, Forbidden, Role } from '@huquq/shared-kernel';
import { deciderSpec } from '@huquq/shared-kernel/testing/decider-spec';
import { FollowUpRulesEvent } from './follow-up.events';
import type { FollowUpRules } from './follow-up-rules';
import { ChangeRules, ResetRules } from './follow-up-rules.commands';
import { followUpRulesDecider } from './follow-up-rules.decider';
import { RULES_EDITORS, RULES_READERS } from './rules.policy';

const given = deciderSpec(followUpRulesDecider);

const ORG = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const as = (role: Role): Actor => ({ userId: `${role}-1`, orgId: ORG, role });
const NOW = '2024-03-29T05:00:00.000Z';

const triage = (due: string): FollowUpRules => ({
  clocks: [],
  appealRules: [
    {
      id: 'triage',
      appealTypes: 'any',
      task: {
        kind: 'triage',
        title: 'Triage the appeal',
        queue: 'lawyer',
        due,
        escalateAfter: null,
        basis: 'Organization standard',
      },
    },
  ],
  incidentRules: [],
});
const own = triage('PT30M');
const another = triage('PT2H');

const change = (actor: Actor, rules: FollowUpRules = own): ChangeRules => ({
  type: 'ChangeRules',
  data: { rules, actor, now: NOW },
});
const reset = (actor: Actor): ResetRules => ({ type: 'ResetRules', data: { actor, now: NOW } });
const changed = (rules: FollowUpRules | null, by = as('admin')): FollowUpRulesEvent => ({
  type: 'follow-up-rules-changed',
  data: { rules, changedBy: by.userId, changedAt: NOW },
});

describe("an organization's follow-up rules", () => {
  it('are changed by an admin, who is named in the history', () => {
    given([])
      .when(change(as('admin')))
      .then([changed(own)]);
    given([changed(own)])
      .when(change(as('admin'), another))
      .then([changed(another)]);
  });

  it('go back to the installation’s rules on a reset', () => {
    given([changed(own)])
      .when(reset(as('admin')))
      .then([changed(null)]);
  });

  it('are changed by admins only', () => {
    for (const role of ['intake', 'lawyer', 'coordinator'] as Role[]) {
      given([])
        .when(change(as(role)))
        .thenThrows(Forbidden, /Only admins/);
      given([changed(own)])
        .when(reset(as(role)))
        .thenThrows(Forbidden, /Only admins/);
    }
  });

  it('fold to the last change', () => {
    const { evolve, initialState } = followUpRulesDecider;
    expect([changed(own), changed(null)].reduce(evolve, initialState())).toEqual({ version: 2, rules: null });
    expect([changed(own)].reduce(evolve, initialState())).toEqual({ version: 1, rules: own });
  });

  it('are read by coordinators and admins, changed by admins: the table the routes use', () => {
    expect(RULES_READERS).toEqual(['coordinator', 'admin']);
    expect(RULES_EDITORS).toEqual(['admin']);
  });
});
