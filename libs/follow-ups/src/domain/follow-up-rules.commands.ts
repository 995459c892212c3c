import type { Actor } from '@huquq/shared-kernel';
import type { FollowUpRules } from './follow-up-rules';

interface Command<Type extends string, Data> {
  type: Type;
  data: Data & { actor: Actor; now: string };
}

/** The organization's own rule set, whole. Checked before (checkFollowUpRules): only a checked set has this type. */
export type ChangeRules = Command<'ChangeRules', { rules: FollowUpRules }>;

/** Back to the installation's rules. */
export type ResetRules = Command<'ResetRules', Record<never, never>>;

export type FollowUpRulesCommand = ChangeRules | ResetRules;
