import { ValidationFailed } from '@huquq/shared-kernel';
import { findJsonProblem, findNulInQuery, parseJsonBody } from './json-body';

const nested = (levels: number, inner = '1') => '['.repeat(levels) + inner + ']'.repeat(levels);

describe('findJsonProblem', () => {
  it('accepts 32 levels and refuses the 33rd, naming where', () => {
    expect(findJsonProblem(nested(32))).toBeNull();
    expect(findJsonProblem(nested(33))).toEqual({
      field: Array(32).fill('0').join('.'),
      problem: 'is nested too deeply: at most 32 levels of objects and arrays',
    });
    expect(findJsonProblem(`{"a":{"b":${nested(31)}}}`)?.field).toBe(`a.b${'.0'.repeat(30)}`);
  });

  it('scans a megabyte of nesting in one pass, without recursion', () => {
    expect(findJsonProblem('['.repeat(1 << 20) + ']'.repeat(1 << 20))?.problem).toMatch(/nested too deeply/);
  });

  it('counts items of every array, at any depth', () => {
    const items = (n: number) => `[${Array(n).fill('{"a":[1,2]}').join(',')}]`;
    expect(findJsonProblem(`{"people":${items(1000)}}`)).toBeNull();
    expect(findJsonProblem(`{"people":${items(1001)}}`)).toEqual({
      field: 'people',
      problem: 'has too many items: at most 1000',
    });
    expect(findJsonProblem(`{"x":[{"y":[${Array(1001).fill(0).join(',')}]}]}`)?.field).toBe('x.0.y');
    expect(
      findJsonProblem(`{"x":[${Array(5).fill(0).join(',')}]}`, { maxDepth: 4, maxArrayLength: 5 }),
    ).toBeNull();
  });

  it('finds a NUL escape in any string, not in an escaped backslash, and in field names', () => {
    expect(findJsonProblem('{"a":[{"b":"x\\u0000y"}]}')).toEqual({
      field: 'a.0.b',
      problem: 'must not contain a NUL character (\\u0000)',
    });
    expect(findJsonProblem('{"a":"x\\\\u0000"}')).toBeNull();
    expect(findJsonProblem('{"a":{"b\\u0000":1}}')).toEqual({
      field: 'a',
      problem: 'has a field name with a NUL character (\\u0000)',
    });
    expect(findJsonProblem('"\\u0000"')?.field).toBe('body');
  });

  it('names fields by their decoded, shortened names; commas and brackets inside strings do not count', () => {
    expect(findJsonProblem('{"a\\"b":"[[,,]]","c":"\\u0000"}')?.field).toBe('c');
    expect(findJsonProblem(`{"${'k'.repeat(100)}":"\\u0000"}`)?.field).toBe(`${'k'.repeat(64)}…`);
  });

  it('never throws on text that is not JSON', () => {
    for (const text of ['', '}}}]]]', '{"a', '["\\', '[1,,,]', '{"a":"b"', ',,,,']) {
      expect(() => findJsonProblem(text)).not.toThrow();
    }
  });
});

describe('parseJsonBody', () => {
  it('parses objects and arrays, an empty body as {}', () => {
    expect(parseJsonBody('{"a":[1]}')).toEqual({ a: [1] });
    expect(parseJsonBody(' [1] ')).toEqual([1]);
    expect(parseJsonBody('  ')).toEqual({});
  });

  it('refuses what is not JSON, or not an object or array, without quoting it', () => {
    for (const text of ['{"secret', '"CANARY"', 'CANARY', '1']) {
      const error = (() => {
        try {
          parseJsonBody(text);
        } catch (e) {
          return e as ValidationFailed;
        }
      })();
      expect(error).toBeInstanceOf(ValidationFailed);
      expect(error?.details).toEqual([{ field: 'body', problem: 'invalid JSON' }]);
      expect(JSON.stringify(error?.message)).not.toContain('CANARY');
    }
  });

  it('refuses what findJsonProblem finds, as a 400 naming the field', () => {
    expect(() => parseJsonBody(`{"text":${nested(40)}}`)).toThrow(ValidationFailed);
  });
});

describe('findNulInQuery', () => {
  it('names the parameter', () => {
    expect(findNulInQuery({ status: 'open', tz: ['UTC', 'x\u0000'] })).toEqual({
      field: 'tz',
      problem: 'must not contain a NUL character (\\u0000)',
    });
    expect(findNulInQuery({ 'a\u0000': 'x' })?.field).toBe('query');
    expect(findNulInQuery({ status: 'open' })).toBeNull();
  });
});
