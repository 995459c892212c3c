import { Decider } from '@huquq/shared-kernel';
import { FollowUpRulesEvent } from './follow-up.events';
import type { FollowUpRules } from './follow-up-rules';
import { FollowUpRulesCommand } from './follow-up-rules.commands';
import { mayChangeRules } from './rules.policy';

/** An organization's rules stream: its own rules, or null for the installation's. */
export interface RulesState {
  /** How many changes the stream holds (0: never changed). */
  version: number;
  rules: FollowUpRules | null;
}

const initialRulesState = (): RulesState => ({ version: 0, rules: null });

const evolve = (state: RulesState, event: FollowUpRulesEvent): RulesState =>
  event.type === 'follow-up-rules-changed' ? { version: state.version + 1, rules: event.data.rules } : state;

/**
 * Every change is recorded, a repeat of the same rules too: the history says who set what and
 * when. New appeals follow the new rules; tasks and deadlines made before stay as they were.
 */
function decide(command: FollowUpRulesCommand, _state: RulesState): FollowUpRulesEvent[] {
  const { actor, now } = command.data;
  mayChangeRules(actor);
  const rules = command.type === 'ChangeRules' ? command.data.rules : null;
  return [{ type: 'follow-up-rules-changed', data: { rules, changedBy: actor.userId, changedAt: now } }];
}

export const followUpRulesDecider: Decider<FollowUpRulesCommand, FollowUpRulesEvent, RulesState> = {
  decide,
  evolve,
  initialState: initialRulesState,
};
