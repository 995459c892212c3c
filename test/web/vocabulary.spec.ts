import { DOCUMENT_KINDS, type CaseEvent } from '@huquq/cases';
import { DEFAULT_FOLLOW_UP_RULES } from '@huquq/follow-ups';
import {
  APPEAL_TYPES,
  CASE_STATUSES,
  CHANNELS,
  CUSTODY_GROUNDS,
  CUSTODY_PLACE_KINDS,
  HEARING_KINDS,
  HEARING_RESULTS,
  OUTCOMES,
  RULE_VIOLATION_REASONS,
  URGENCIES,
} from '@huquq/shared-kernel';
import * as web from '../../apps/web/src/api/vocabulary';
import { en as enFirst } from '../../apps/web/src/i18n/en';
import { enMore } from '../../apps/web/src/i18n/en-more';
import { ru as ruFirst } from '../../apps/web/src/i18n/ru';
import { ruMore } from '../../apps/web/src/i18n/ru-more';

// The first load's messages and the on-demand screens' (i18n/more.ts adds them at run time).
const ru = { ...ruFirst, ...ruMore };
const en = { ...enFirst, ...enMore };

/**
 * The web app keeps its own copy of the API's words (a browser bundle cannot load the server's
 * barrels); this fails the moment the two differ, and when a word has no label in a language.
 */
describe('the web app speaks the API’s words', () => {
  it('has the same appeal types, channels, urgencies and outcomes as the shared kernel', () => {
    expect(web.APPEAL_TYPES).toEqual(APPEAL_TYPES);
    expect(web.CHANNELS).toEqual(CHANNELS);
    expect(web.URGENCIES).toEqual(URGENCIES);
    expect(web.OUTCOMES).toEqual(OUTCOMES);
    expect(Object.keys(web.NEXT_STATUSES).sort()).toEqual([...CASE_STATUSES].sort());
    expect(web.TYPE_KEYS).toHaveLength(APPEAL_TYPES.length);
    expect(web.HEARING_KINDS).toEqual(HEARING_KINDS);
    expect(web.HEARING_RESULTS).toEqual(HEARING_RESULTS);
    expect(web.DOCUMENT_KINDS).toEqual(DOCUMENT_KINDS);
    expect(web.CUSTODY_GROUNDS).toEqual(CUSTODY_GROUNDS);
    // Every place offers grounds of the API's, and every ground is offered somewhere.
    const offered = CUSTODY_PLACE_KINDS.flatMap((kind) => web.groundsAt(kind));
    expect([...new Set(offered)].sort()).toEqual([...CUSTODY_GROUNDS].sort());
  });

  it('names every task, deadline and history entry the server shows in words, never as a code', () => {
    // Every case event type: the compiler fails here when a new one is added without a label.
    const caseEvents: Record<CaseEvent['type'], true> = {
      'appeal-logged': true,
      'case-assigned': true,
      'case-status-changed': true,
      'note-added': true,
      'deadline-set': true,
      'case-closed': true,
      'case-reopened': true,
      'custody-recorded': true,
      'custody-released': true,
      'hearing-scheduled': true,
      'hearing-result-recorded': true,
      'document-attached': true,
    };
    const rules = DEFAULT_FOLLOW_UP_RULES;
    const tasks = [
      ...rules.appealRules.map((r) => r.task.kind),
      ...rules.incidentRules.map((r) => r.task.kind),
      ...(rules.custodyRules ?? []).map((r) => r.task.kind),
      ...(rules.hearingRules ?? []).map((r) => r.task.kind),
      'escalation',
    ];
    const deadlines = [
      ...rules.appealRules.flatMap((r) => (r.deadline ? [r.deadline.kind] : [])),
      ...(rules.custodyRules ?? []).map((r) => r.deadline.kind),
      ...(rules.hearingRules ?? []).flatMap((r) => (r.deadline ? [r.deadline.kind] : [])),
    ];
    const words = [
      ...Object.keys(caseEvents).map((w) => `event.${w}`),
      ...tasks.map((w) => `task.${w}`),
      ...deadlines.map((w) => `deadline.${w}`),
      ...HEARING_KINDS.map((w) => `hearing.${w}`),
      ...HEARING_RESULTS.map((w) => `hearingResult.${w}`),
      ...DOCUMENT_KINDS.map((w) => `docKind.${w}`),
      ...CUSTODY_GROUNDS.map((w) => `grounds.${w}`),
      ...['active', 'disabled'].map((w) => `userStatus.${w}`),
      // Every 422 reason is said in the reader's language, not in the server's English.
      ...RULE_VIOLATION_REASONS.map((w) => `rule.${w}`),
    ];
    for (const catalog of [ru, en]) expect(words.filter((w) => !(w in catalog))).toEqual([]);
  });

  it('labels every word in Russian and English, and both catalogs have the same keys', () => {
    const words = [
      ...APPEAL_TYPES.map((w) => `type.${w}`),
      ...CHANNELS.map((w) => `channel.${w}`),
      ...URGENCIES.map((w) => `urgency.${w}`),
      ...CASE_STATUSES.map((w) => `status.${w}`),
      ...OUTCOMES.map((w) => `outcome.${w}`),
    ];
    for (const catalog of [ru, en]) expect(words.filter((w) => !(w in catalog))).toEqual([]);
    expect(Object.keys(en).sort()).toEqual(Object.keys(ru).sort());
    expect(Object.keys(ruMore).filter((key) => key in ruFirst)).toEqual([]);
    expect(Object.entries(en).filter(([, text]) => !text.trim())).toEqual([]);
  });
});
