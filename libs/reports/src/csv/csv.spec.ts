import { BOM, toCsv } from './csv';
import { periodName } from './report-csv';

describe('CSV', () => {
  it('writes a BOM, a header, CRLF lines, and quotes what RFC 4180 says to quote', () => {
    expect(
      toCsv(
        ['key', 'n'],
        [
          ['a,b', 1],
          ['say "hi"', 2],
          ['line\nbreak', 3],
          [null, 0],
          ['Ош', 4],
        ],
      ),
    ).toBe(`${BOM}key,n\r\n"a,b",1\r\n"say ""hi""",2\r\n"line\nbreak",3\r\n,0\r\nОш,4\r\n`);
  });

  it('keeps typed text from running as a spreadsheet formula', () => {
    expect(toCsv(['k'], [['=1+1'], ['+7'], ['-x'], ['@SUM(A1)'], ['a=b']])).toBe(
      `${BOM}k\r\n'=1+1\r\n'+7\r\n'-x\r\n'@SUM(A1)\r\na=b\r\n`,
    );
  });

  it('names a file by month, day or range in the report’s zone', () => {
    expect(periodName('2024-03-01T00:00:00Z', '2024-04-01T00:00:00Z', 'UTC')).toBe('2024-03');
    expect(periodName('2024-11-30T21:00:00Z', '2024-12-31T21:00:00Z', 'Europe/Moscow')).toBe('2024-12');
    expect(periodName('2024-03-29T00:00:00Z', '2024-03-30T00:00:00Z', 'UTC')).toBe('2024-03-29');
    expect(periodName('2024-03-01T00:00:00Z', '2024-03-16T00:00:00Z', 'UTC')).toBe('2024-03-01_2024-03-15');
  });
});
