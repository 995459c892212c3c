import { DEFAULT_URGENCY, defaultUrgency } from './default-urgency';
import { APPEAL_TYPES, AppealType, URGENCIES, Urgency } from '@huquq/shared-kernel';

describe('defaultUrgency', () => {
  const expected: [AppealType, Urgency][] = [
    ['detention', 'critical'],
    ['deportation', 'critical'],
    ['expulsion_order', 'critical'],
    ['entry_ban', 'high'],
    ['eviction', 'high'],
    ['workplace_raid', 'high'],
    ['hate_violence', 'high'],
    ['document_confiscation', 'high'],
    ['controlled_persons_registry', 'high'],
    ['mvd_expulsion', 'critical'],
    ['registration_cancelled', 'normal'],
    ['document_check', 'normal'],
    ['labour_exploitation', 'normal'],
    ['other', 'normal'],
  ];

  it.each(expected)('an unmarked %s appeal is %s', (appealType, urgency) => {
    expect(defaultUrgency(appealType)).toBe(urgency);
  });

  it('has exactly one row for every appeal type and nothing else', () => {
    expect(Object.keys(DEFAULT_URGENCY).sort()).toEqual([...APPEAL_TYPES].sort());
    expect(expected.map(([appealType]) => appealType).sort()).toEqual([...APPEAL_TYPES].sort());
  });

  it('only uses urgencies of the vocabulary', () => {
    for (const urgency of Object.values(DEFAULT_URGENCY)) expect(URGENCIES).toContain(urgency);
  });
});
