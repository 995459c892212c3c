import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type request from 'supertest';

type TestAgent = ReturnType<typeof request>;

/** What a test saw come back: enough to hold it against the contract. */
export interface RecordedAnswer {
  method: string;
  /** The path as sent, query included (the query is not checked: it is the request's). */
  path: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (supertest's `res.body`), or the text for other media types. */
  body: unknown;
  text?: string;
}

/**
 * Paths the API serves outside its JSON contract: the OpenAPI page itself, the web app, the
 * operators' dashboards and metrics (each is `@ApiExcludeController` or not a Nest route).
 */
const OUTSIDE_THE_CONTRACT = [
  /^\/docs(-json)?(\/|$)/,
  /^\/app(\/|$)/,
  /^\/dashboard(\/|$)/,
  /^\/metrics$/,
  /^\/admin\/queues(\/|$)/,
];

interface Operation {
  responses: Record<
    string,
    { content?: Record<string, { schema?: unknown }>; headers?: Record<string, { required?: boolean }> }
  >;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

/** A JSON pointer's segment (RFC 6901). */
const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * OpenAPI 3.0's `nullable: true` in JSON Schema's words: ajv reads `nullable` only beside a
 * `type`, and a nullable reference (`type: object, allOf: [$ref]`) would otherwise refuse null.
 */
function nullableAsJsonSchema(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(nullableAsJsonSchema);
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  Object.values(schema).forEach(nullableAsJsonSchema);
  const composed = schema.allOf ?? schema.oneOf ?? schema.anyOf ?? schema.$ref;
  if (schema.nullable !== true || (schema.type !== undefined && !composed)) return;
  const { nullable: _nullable, description: _description, ...rest } = schema;
  for (const key of Object.keys(rest)) delete schema[key];
  delete schema.nullable;
  schema.anyOf = [rest, { type: 'null' }];
}

/**
 * Every object schema with named properties takes no others: an answer with a field the document
 * does not name fails, so a field added to a view must be added to its response class too.
 */
function closeObjects(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(closeObjects);
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined)
    schema.additionalProperties = false;
  Object.values(schema).forEach(closeObjects);
}

/**
 * The HTTP contract (docs/openapi.json, which a test keeps equal to what the code builds), as a
 * checker of answers: the route and method must be documented, the status listed for it, the
 * media type one it names, the body valid against its schema (ajv, with OpenAPI 3.0's `nullable`),
 * and every header it marks required present.
 */
class OpenApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, discriminator: true });
  private readonly routes: Array<{ template: string; pattern: RegExp }>;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    const checked = structuredClone(document);
    closeObjects(checked);
    nullableAsJsonSchema(checked);
    this.ajv.addSchema(checked as object, 'openapi');
    // The most literal first: /v1/clients/search before /v1/clients/{id}.
    this.routes = Object.keys(document.paths)
      .sort((a, b) => a.split('{').length - b.split('{').length || b.length - a.length)
      .map((template) => ({
        template,
        pattern: new RegExp(
          `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`,
        ),
      }));
  }

  static fromFile(file = join(__dirname, '../../docs/openapi.json')): OpenApiContract {
    return new OpenApiContract(JSON.parse(readFileSync(file, 'utf8')));
  }

  /** What is wrong with this answer by the contract; empty when it keeps it. */
  problemsWith(answer: RecordedAnswer): string[] {
    const path = new URL(answer.path, 'http://localhost').pathname;
    if (OUTSIDE_THE_CONTRACT.some((pattern) => pattern.test(path))) return [];
    const method = answer.method.toLowerCase();
    const route = this.routes.find((r) => r.pattern.test(path) && this.document.paths[r.template][method]);
    if (!route) {
      // No such route: the router's 404 (or the gate's refusal before routing), in the error shape.
      if (answer.status < 400) return [`${method.toUpperCase()} ${path} is not in the OpenAPI document`];
      return this.bodyProblems(`#/components/schemas/Error`, answer.body, `${answer.status} answer`);
    }
    const where = `${method.toUpperCase()} ${route.template} → ${answer.status}`;
    const responses = this.document.paths[route.template][method].responses;
    const documented = responses[String(answer.status)] ?? responses.default;
    if (!documented)
      return [`${where}: the status is not documented (${Object.keys(responses).join(', ')} are)`];

    const problems: string[] = [];
    for (const [name, header] of Object.entries(documented.headers ?? {}))
      if (header.required && answer.headers[name.toLowerCase()] === undefined)
        problems.push(`${where}: the ${name} header is missing`);

    const contentType = String(answer.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const content = documented.content;
    if (!content) {
      if (contentType && (answer.text ?? '') !== '')
        problems.push(`${where}: a ${contentType} body where the document says there is none`);
      return problems;
    }
    const media = content[contentType] ?? content[`${contentType.split('/')[0]}/*`] ?? content['*/*'];
    if (!media)
      return [
        ...problems,
        `${where}: ${contentType || 'no body'}, the document says ${Object.keys(content).join(' or ')}`,
      ];
    if (!media.schema || contentType !== 'application/json') return problems;
    const schemaPointer = [
      'paths',
      route.template,
      method,
      'responses',
      String(answer.status),
      'content',
      contentType,
      'schema',
    ]
      .map(pointer)
      .join('/');
    return [...problems, ...this.bodyProblems(`#/${schemaPointer}`, answer.body, where)];
  }

  private bodyProblems(ref: string, body: unknown, where: string): string[] {
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.getSchema(`openapi${ref}`);
      if (!validate) throw new Error(`No schema at ${ref} in the OpenAPI document`);
      this.validators.set(ref, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${where}: body${e.instancePath || ''} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`,
    );
  }
}

let shared: OpenApiContract | undefined;
/** The committed document, read once per test file. */
export const contract = () => (shared ??= OpenApiContract.fromFile());

type Callback = (
  error: Error | null,
  res: { status: number; headers: Record<string, string>; body: unknown; text?: string },
) => void;

/**
 * Makes every request of this supertest agent check its answer against the contract: a test whose
 * answer the document does not describe fails with what differs, after its own `.expect(…)`s.
 */
export function checkedAgainstContract(agent: TestAgent, check = contract()): TestAgent {
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const test = value.apply(target, args);
        if (!test || typeof test.end !== 'function') return test;
        const end = test.end;
        // supertest's then() calls end(): the check runs once, whichever way the test awaits.
        test.end = function (this: unknown, callback: Callback) {
          return end.call(this, (error: Error | null, res: Parameters<Callback>[1]) => {
            if (!error && res) {
              const problems = check.problemsWith({
                method: test.method,
                path: new URL(test.url).pathname + new URL(test.url).search,
                status: res.status,
                headers: res.headers,
                body: res.body,
                text: res.text,
              });
              if (problems.length)
                error = new Error(
                  `The answer breaks the OpenAPI contract (docs/openapi.json):\n  ${problems.join('\n  ')}`,
                );
            }
            callback?.call(this, error, res);
          });
        };
        return test;
      };
    },
  });
}
