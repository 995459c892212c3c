import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@huquq/platform';
import { DEFAULT_FOLLOW_UP_RULES } from './default-follow-up-rules';
import example from './follow-up-rules.example.json';
import { loadInstallationRules } from './rulebook';
import { checkFollowUpRules } from './validate-rules';

describe('checking follow-up rules written by people', () => {
  it('accepts the defaults, and the example file is exactly the defaults', () => {
    expect(checkFollowUpRules(DEFAULT_FOLLOW_UP_RULES)).toEqual({ ok: true, rules: DEFAULT_FOLLOW_UP_RULES });
    expect(checkFollowUpRules(example)).toEqual({ ok: true, rules: DEFAULT_FOLLOW_UP_RULES });
  });

  it('names every problem with its path', () => {
    const rules = structuredClone(DEFAULT_FOLLOW_UP_RULES) as unknown as Record<string, any>;
    rules.appealRules[0].task.due = 'one hour';
    rules.appealRules[0].task.queue = 'intake';
    rules.appealRules[1].deadline.clock = 'no-such-clock';
    rules.appealRules[2].appealTypes = ['entry_ban', 'alien_abduction'];
    rules.appealRules[3].id = rules.appealRules[0].id;
    rules.incidentRules[0].minPeople = 0;
    rules.clocks[0].surprise = true;
    const checked = checkFollowUpRules(rules);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? [] : checked.problems.map((p) => p.field)).toEqual(
      expect.arrayContaining([
        'appealRules[0].task.due',
        'appealRules[0].task.queue',
        'appealRules[1].deadline.clock',
        'appealRules[2].appealTypes[1]',
        'appealRules[3].id',
        'incidentRules[0].minPeople',
        'clocks[0].surprise',
      ]),
    );
  });

  it('refuses a deadline rule that does not require the date it counts from', () => {
    const rules = structuredClone(DEFAULT_FOLLOW_UP_RULES);
    delete rules.appealRules[1].requires;
    const checked = checkFollowUpRules(rules);
    expect(checked.ok ? [] : checked.problems).toEqual([
      { field: 'appealRules[1].requires', problem: expect.stringMatching(/decisionReceivedAt/) },
    ]);
  });

  it("loads an installation's rules file, and stops the start on a bad one", () => {
    const dir = mkdtempSync(join(tmpdir(), 'huquq-rules-'));
    try {
      const good = join(dir, 'good.json');
      const custom = structuredClone(DEFAULT_FOLLOW_UP_RULES);
      custom.appealRules[0].task.due = 'PT30M';
      writeFileSync(good, JSON.stringify(custom));
      expect(loadInstallationRules(good).appealRules[0].task.due).toBe('PT30M');
      expect(loadInstallationRules(undefined)).toBe(DEFAULT_FOLLOW_UP_RULES);

      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ ...custom, incidentRules: 'none' }));
      expect(() => loadInstallationRules(bad)).toThrow(ConfigError);
      expect(() => loadInstallationRules(bad)).toThrow(/incidentRules: must be an array/);
      expect(() => loadInstallationRules(join(dir, 'missing.json'))).toThrow(/cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
