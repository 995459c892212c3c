/**
 * Name matching on the labelled pairs (libs/privacy/src/testing/name-pairs.ts): the share of
 * same-person pairs found per spelling category, and the share of different-people pairs matched,
 * with the dates of birth as intake sees them and, for comparison, with none at all. No database:
 * the blind index is pure computation.
 */
import {
  goalOf,
  NAME_MATCHING_GOALS,
  nameMatchingFigures,
  nameMatchingTable,
} from '../libs/privacy/src/testing/name-matching-figures';
import { BenchMetric, reportBench, say } from './support/results';

function main() {
  const figures = nameMatchingFigures();
  const undated = nameMatchingFigures({ withDates: false });
  say(`with dates of birth as intake sees them:\n${nameMatchingTable(figures)}`);
  say(`without any date of birth:\n${nameMatchingTable(undated)}`);

  const percent = (rate: number) => Math.round(rate * 1000) / 10;
  const metrics: BenchMetric[] = figures.categories
    .filter((c) => c.samePerson)
    .map((c) => ({
      id: `names.found.${c.category}`,
      label: `same person found: ${c.category} (${c.pairs} pairs)`,
      value: percent(c.rate),
      unit: '%',
      goal: { op: '>=', target: goalOf(c) * 100, text: `≥ ${goalOf(c) * 100} %` },
    }));
  metrics.push(
    {
      id: 'names.falseMatches',
      label: 'different people matched, all categories',
      value: percent(figures.falseMatchRate),
      unit: '%',
      goal: {
        op: '<=',
        target: NAME_MATCHING_GOALS.falseMatches * 100,
        text: `≤ ${NAME_MATCHING_GOALS.falseMatches * 100} %`,
      },
    },
    {
      id: 'names.falseMatchesWithoutDates',
      label: 'different people matched when no date of birth is known',
      value: percent(undated.falseMatchRate),
      unit: '%',
    },
  );
  reportBench({
    bench: 'names',
    metrics,
    details: { pairs: figures.categories.reduce((n, c) => n + c.pairs, 0) },
  });
}

main();
