import { nameSkeletons } from '@huquq/privacy';
import { fullName, Nationality, randomName, SPELLINGS, Spelling } from './names';
import { Random } from './random';

/**
 * The demo shows returning people written differently being found again; that only works if every
 * spelling it produces is one the name matching sees through.
 */
describe('demo names', () => {
  it.each<Nationality>(['TJ', 'UZ', 'KG'])(
    'every spelling of a %s name shares a skeleton with the Russian one',
    (nat) => {
      const random = new Random(7);
      const misses: string[] = [];
      for (let i = 0; i < 2000; i++) {
        const name = randomName(random, nat);
        const reference = new Set(nameSkeletons(fullName(name, 'russian')));
        for (const spelling of SPELLINGS as readonly Spelling[]) {
          for (const givenFirst of [false, true]) {
            const other = fullName(name, spelling, givenFirst);
            if (!nameSkeletons(other).some((k) => reference.has(k)))
              misses.push(`${fullName(name, 'russian')} ≠ ${other}`);
          }
        }
      }
      expect([...new Set(misses)]).toEqual([]);
    },
  );
});
