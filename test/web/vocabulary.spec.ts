import { APPEAL_TYPES, CASE_STATUSES, CHANNELS, OUTCOMES, URGENCIES } from '@huquq/shared-kernel';
import * as web from '../../apps/web/src/api/vocabulary';
import { en } from '../../apps/web/src/i18n/en';
import { ru } from '../../apps/web/src/i18n/ru';

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
    expect(Object.entries(en).filter(([, text]) => !text.trim())).toEqual([]);
  });
});
