import { readFileSync } from 'node:fs';
import type { EventStore } from '@huquq/event-store';
import { ConfigError, Sql } from '@huquq/platform';
import { DEFAULT_PRODUCTION_CALENDAR, ProductionCalendar } from '@huquq/shared-kernel';
import { DEFAULT_FOLLOW_UP_RULES } from './default-follow-up-rules';
import { FollowUpRulesEvent, rulesStreamId } from '../domain/follow-up.events';
import { FollowUpRules } from '../domain/follow-up-rules';
import { followUpRulesDecider, RulesState } from '../domain/follow-up-rules.decider';
import { checkFollowUpRules } from './validate-rules';

export interface EffectiveRules {
  source: 'organization' | 'installation';
  /** The version of the organization's rules stream (0: never changed). */
  version: number;
  rules: FollowUpRules;
}

/**
 * Which rules apply to an organization: its own (changed over HTTP, kept as events, so every
 * change is in the history), else the installation's (FOLLOW_UP_RULES_FILE), else the built-in
 * defaults that docs/domain.md describes.
 */
export class FollowUpRulebook {
  constructor(
    private readonly store: EventStore,
    readonly installationRules: FollowUpRules = DEFAULT_FOLLOW_UP_RULES,
    /** The installation's production calendar: which days are working days where terms end. */
    readonly calendar: ProductionCalendar = DEFAULT_PRODUCTION_CALENDAR,
  ) {}

  async rulesFor(orgId: string, sql?: Sql): Promise<EffectiveRules> {
    const events = await this.store.readStream(rulesStreamId(orgId), { sql });
    const { evolve, initialState } = followUpRulesDecider;
    return this.effective(
      events.reduce((state, event) => evolve(state, event as FollowUpRulesEvent), initialState()),
    );
  }

  /** The rules that apply, given the organization's rules stream (as read, or as just decided). */
  effective(state: RulesState): EffectiveRules {
    if (state.rules) {
      const checked = checkFollowUpRules(state.rules);
      // Checked when written; checked again because rules may outlive a change of the schema.
      if (checked.ok) {
        // An organization's rules written before custody was recorded keep the installation's custody clocks.
        const custodyRules = checked.rules.custodyRules ?? this.installationRules.custodyRules;
        const hearingRules = checked.rules.hearingRules ?? this.installationRules.hearingRules;
        const rules = {
          ...checked.rules,
          ...(custodyRules && { custodyRules }),
          ...(hearingRules && { hearingRules }),
        };
        return { source: 'organization', version: state.version, rules };
      }
    }
    return { source: 'installation', version: state.version, rules: this.installationRules };
  }
}

/** The installation's rules: the file when FOLLOW_UP_RULES_FILE names one (checked, or the start fails), else the defaults. */
export function loadInstallationRules(file: string | undefined): FollowUpRules {
  if (!file) return DEFAULT_FOLLOW_UP_RULES;
  const checked = checkFollowUpRules(readConfigFile('FOLLOW_UP_RULES_FILE', file));
  if (!checked.ok)
    refuseConfigFile(
      'FOLLOW_UP_RULES_FILE',
      checked.problems.map((p) => `${p.field}: ${p.problem}`),
    );
  return checked.rules;
}

/** A JSON file an environment variable names, or the start stops saying why. */
export function readConfigFile(variable: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration:\n  ${variable}: cannot read ${file} as JSON (${(error as Error).message})`,
    );
  }
}

/** Stops the start with one line per problem of the file. */
export function refuseConfigFile(variable: string, problems: string[]): never {
  throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${variable} ${p}`).join('\n')}`);
}
