import { BlindIndex } from '../matching/blind-index';
import { LabelledPair, labelledPairs, NamedPerson, TYPO_CATEGORIES } from './name-pairs';

export interface CategoryFigures {
  category: string;
  samePerson: boolean;
  pairs: number;
  /** Same person: share found (recall). Different people: share matched (false matches). */
  matched: number;
  rate: number;
  misses: Array<[string, string]>;
}

/** The goals of the name matching, as the issue set them. */
export const NAME_MATCHING_GOALS = { recall: 0.97, typoRecall: 0.7, falseMatches: 0.03 };

/**
 * Runs the labelled pairs through a blind index as intake does: the later appeal's probe keys
 * against the keys stored for the earlier person. `withDates: false` drops every date of birth,
 * to show what the names alone (with their patronymics) tell apart.
 */
export function nameMatchingFigures(options: { withDates?: boolean } = {}): {
  categories: CategoryFigures[];
  falseMatchRate: number;
} {
  const index = new BlindIndex(Buffer.alloc(32, 7));
  const dated = options.withDates ?? true;
  const matches = (stored: NamedPerson, later: NamedPerson) => {
    const keys = new Set(index.keysFor(stored));
    return index.probesFor(later).some((k) => keys.has(k));
  };
  const byCategory = new Map<string, LabelledPair[]>();
  const pairs = labelledPairs().map((p) => (dated ? p : { ...p, a: undated(p.a), b: undated(p.b) }));
  for (const pair of pairs) byCategory.set(pair.category, [...(byCategory.get(pair.category) ?? []), pair]);

  const categories = [...byCategory].map(([category, pairs]) => {
    const misses: Array<[string, string]> = [];
    let matched = 0;
    for (const pair of pairs) {
      // Either may have been logged first; a pair counts as matched only if both orders match.
      const found = matches(pair.a, pair.b) && matches(pair.b, pair.a);
      if (found) matched++;
      if (found !== pair.samePerson) misses.push([describe(pair.a), describe(pair.b)]);
    }
    return {
      category,
      samePerson: pairs[0].samePerson,
      pairs: pairs.length,
      matched,
      rate: matched / pairs.length,
      misses,
    };
  });
  const different = categories.filter((c) => !c.samePerson);
  const falseMatchRate =
    different.reduce((n, c) => n + c.matched, 0) / different.reduce((n, c) => n + c.pairs, 0);
  return { categories, falseMatchRate };
}

export function goalOf(category: CategoryFigures): number {
  return TYPO_CATEGORIES.has(category.category) ? NAME_MATCHING_GOALS.typoRecall : NAME_MATCHING_GOALS.recall;
}

function describe(person: NamedPerson): string {
  return person.dateOfBirth ? `${person.fullName} (${person.dateOfBirth})` : person.fullName;
}

function undated(person: NamedPerson): NamedPerson {
  return { fullName: person.fullName };
}

/** The figures as a table to print: one line per category, then the overall false matches. */
export function nameMatchingTable(figures: ReturnType<typeof nameMatchingFigures>): string {
  const lines = figures.categories.map((c) => {
    const what = c.samePerson ? 'found' : 'matched';
    const goal = c.samePerson ? `goal ≥ ${Math.round(goalOf(c) * 100)} %` : '';
    return `${c.category.padEnd(40)} ${String(c.matched).padStart(3)}/${String(c.pairs).padEnd(3)} ${what.padEnd(7)} ${(100 * c.rate).toFixed(1).padStart(5)} %  ${goal}`;
  });
  lines.push(
    `${'false matches, all different-people pairs'.padEnd(40)} ${(100 * figures.falseMatchRate).toFixed(1)} %  goal ≤ ${NAME_MATCHING_GOALS.falseMatches * 100} %`,
  );
  return lines.join('\n');
}
