import { ApiProperty } from '@nestjs/swagger';
import type { EffectiveRules } from './rulebook';

/** The follow-up rules that apply (the swagger plugin reads this file). */
export class EffectiveRulesResponse implements Omit<EffectiveRules, 'rules'> {
  /** The organization's own rules, or the installation's (FOLLOW_UP_RULES_FILE or the built-in ones). */
  @ApiProperty({ enum: ['organization', 'installation'] })
  source: 'organization' | 'installation';

  /** The version of the organization's rules stream (0: never changed): send it as expectedVersion. */
  version: number;

  /** The whole rule set: clocks, appealRules, incidentRules (docs/domain.md, follow-ups). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  rules: Record<string, unknown>;
}
