import { ProblemDetail, ValidationFailed } from '@huquq/shared-kernel';
import { invalidFieldsMessage } from './validation';

/** What a JSON body may be shaped like before anything walks it (class-transformer recurses). */
export interface JsonLimits {
  /** Objects and arrays inside each other: `{"a":[{}]}` is 3 deep. */
  maxDepth: number;
  /** Items of any one array. Route validation may say less (an incident's people: 500). */
  maxArrayLength: number;
}

export const JSON_LIMITS: JsonLimits = { maxDepth: 32, maxArrayLength: 1000 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const LETTER_U = 0x75;
/** Longest field name a problem quotes; longer ones are no field of ours anyway. */
const MAX_NAME = 64;

interface Frame {
  array: boolean;
  /** The array's current item. */
  index: number;
  /** The object's current key, as offsets of its quoted text (-1: none yet). */
  keyStart: number;
  keyEnd: number;
  expectKey: boolean;
}

/**
 * The first reason to refuse a JSON text before parsing it: nested deeper than `maxDepth`, an
 * array longer than `maxArrayLength`, or a NUL character (`\u0000`, which PostgreSQL refuses in
 * text and jsonb) in any string. Named by the field's dotted path as validation names it
 * (`people.3.fullName`). One pass, no recursion, constant work per character: what an attacker
 * sends costs its length, never its nesting. Text that is not JSON is left to JSON.parse.
 */
export function findJsonProblem(text: string, limits: JsonLimits = JSON_LIMITS): ProblemDetail | null {
  const stack: Frame[] = [];
  const nameOf = (frame: Frame): string => {
    if (frame.array) return String(frame.index);
    if (frame.keyStart < 0) return '';
    const raw = text.slice(frame.keyStart, frame.keyEnd + 1);
    let name: string;
    try {
      name = JSON.parse(raw) as string;
    } catch {
      name = raw.slice(1, -1);
    }
    return name.length > MAX_NAME ? `${name.slice(0, MAX_NAME)}…` : name;
  };
  /** The place of a value inside the first `depth` containers. */
  const pathOf = (depth: number): string => stack.slice(0, depth).map(nameOf).join('.') || 'body';

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      let nul = false;
      for (i += 1; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === QUOTE) break;
        if (d === BACKSLASH) {
          if (text.charCodeAt(i + 1) === LETTER_U && text.startsWith('0000', i + 2)) nul = true;
          i += 1;
        }
      }
      const top = stack[stack.length - 1];
      if (top && !top.array && top.expectKey) {
        top.keyStart = start;
        top.keyEnd = i;
        top.expectKey = false;
        if (nul) {
          return {
            field: pathOf(stack.length - 1),
            problem: 'has a field name with a NUL character (\\u0000)',
          };
        }
      } else if (nul) {
        return { field: pathOf(stack.length), problem: 'must not contain a NUL character (\\u0000)' };
      }
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (stack.length >= limits.maxDepth) {
        return {
          field: pathOf(stack.length),
          problem: `is nested too deeply: at most ${limits.maxDepth} levels of objects and arrays`,
        };
      }
      stack.push({
        array: c === OPEN_ARRAY,
        index: 0,
        keyStart: -1,
        keyEnd: -1,
        expectKey: c === OPEN_OBJECT,
      });
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
    } else if (c === COMMA) {
      const top = stack[stack.length - 1];
      if (top?.array) {
        top.index += 1;
        if (top.index >= limits.maxArrayLength) {
          return {
            field: pathOf(stack.length - 1),
            problem: `has too many items: at most ${limits.maxArrayLength}`,
          };
        }
      } else if (top) {
        top.expectKey = true;
      }
    }
  }
  return null;
}

/**
 * A request body as JSON, checked by findJsonProblem first; the same 400s body-parser gave for
 * text that is not JSON. Only an object or an array at the top (body-parser's `strict`).
 */
export function parseJsonBody(text: string, limits: JsonLimits = JSON_LIMITS): unknown {
  const problem = findJsonProblem(text, limits);
  if (problem) throw new ValidationFailed(invalidFieldsMessage([problem]), [problem]);
  const first = /\S/.exec(text)?.[0];
  if (first === undefined) return {};
  if (first === '{' || first === '[') {
    try {
      return JSON.parse(text);
    } catch {
      // the same answer as below; the parser's message quotes the text, so it is not kept
    }
  }
  throw new ValidationFailed('The body is not valid JSON', [{ field: 'body', problem: 'invalid JSON' }]);
}

/** The first query parameter holding a NUL character, named; PostgreSQL refuses them in text. */
export function findNulInQuery(query: Record<string, unknown>): ProblemDetail | null {
  for (const [name, value] of Object.entries(query)) {
    if (name.includes('\u0000'))
      return { field: 'query', problem: 'has a parameter name with a NUL character (\\u0000)' };
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && v.includes('\u0000')))
      return { field: name, problem: 'must not contain a NUL character (\\u0000)' };
  }
  return null;
}
