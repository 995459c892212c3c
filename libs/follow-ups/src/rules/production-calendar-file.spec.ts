import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@huquq/platform';
import { countTerm, DEFAULT_PRODUCTION_CALENDAR } from '@huquq/shared-kernel';
import { loadProductionCalendar } from './production-calendar-file';

describe('the production calendar from configuration (PRODUCTION_CALENDAR_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'huquq-calendar-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  it('uses the built-in years without a file', () => {
    expect(loadProductionCalendar(undefined)).toBe(DEFAULT_PRODUCTION_CALENDAR);
  });

  it("replaces a year: once 2027's decree is loaded, a term ending on Saturday 09.01.2027 moves to the next working day", () => {
    const from = new Date('2026-12-22T12:00:00+03:00');
    expect(countTerm(from, 'P10D', ['Europe/Moscow'], DEFAULT_PRODUCTION_CALENDAR).lastDay).toBe(
      '2027-01-09',
    );
    const calendar = loadProductionCalendar(
      file('2027.json', {
        '2027': {
          status: 'official',
          source: 'a decree, as an example',
          nonWorkingWeekdays: [
            '2027-01-01',
            '2027-01-04',
            '2027-01-05',
            '2027-01-06',
            '2027-01-07',
            '2027-01-08',
          ],
          workingWeekends: [],
        },
      }),
    );
    expect(countTerm(from, 'P10D', ['Europe/Moscow'], calendar)).toMatchObject({
      lastDay: '2027-01-11',
      exact: true,
    });
  });

  it('stops the start on a bad file, naming the problems', () => {
    const bad = file('bad.json', {
      '2027': { status: 'maybe', source: '', nonWorkingWeekdays: ['2026-01-01'] },
    });
    expect(() => loadProductionCalendar(bad)).toThrow(ConfigError);
    expect(() => loadProductionCalendar(bad)).toThrow(
      /2027\.status[\s\S]*2027\.source[\s\S]*2027\.nonWorkingWeekdays[\s\S]*2027\.workingWeekends/,
    );
    expect(() => loadProductionCalendar(join(dir, 'missing.json'))).toThrow(/cannot read/);
  });
});
