import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { RULE_VIOLATION_REASONS } from '@huquq/shared-kernel';

/** Headers the API reads, described once (their spelling, optional) whatever the routes declare. */
const HEADERS: Record<string, { description: string }> = {
  'x-request-id': {
    description:
      "The request's id, a UUID: echoed in the answer's X-Request-Id, logged, and the correlationId of the events it writes; another shape is replaced by a new UUID",
  },
  'idempotency-key': {
    description:
      'Send the same key again (with the same body) to get the same answer without recording anything twice; the same key with another body answers 422',
  },
  'if-match': { description: 'The case ETag ("<version>"), instead of expectedVersion' },
};

/** Every error answer's body (platform's ErrorFilter), and its codes. */
const ERROR_SCHEMA = {
  type: 'object',
  required: ['error', 'message', 'details'],
  properties: {
    error: {
      type: 'string',
      enum: [
        'validation_failed',
        'unauthenticated',
        'second_factor_required',
        'forbidden',
        'second_factor_enrolment_required',
        'not_found',
        'method_not_allowed',
        'version_conflict',
        'conflict',
        'gone',
        'payload_too_large',
        'unsupported_media_type',
        'rule_violation',
        'rate_limited',
        'service_unavailable',
        'internal',
      ],
    },
    message: { type: 'string', description: 'For a person: one sentence, no personal data' },
    details: {
      description:
        'For validation_failed, every bad field; for version_conflict, {currentVersion}; for rule_violation status_move_not_allowed, {from, to}',
      oneOf: [
        {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              field: { type: 'string' },
              problem: { type: 'string' },
              constraint: {
                type: 'string',
                description:
                  "The check that failed (class-validator's rule, e.g. isEmail, isTimeZone), where known",
              },
            },
          },
        },
        { type: 'object' },
      ],
    },
    reason: {
      type: 'string',
      enum: [...RULE_VIOLATION_REASONS],
      description: 'rule_violation only, where the refusal has one: why, as a code a client can translate',
    },
  },
  example: {
    error: 'validation_failed',
    message: 'The request has invalid fields: client.phone must be a phone number such as +79161234567.',
    details: [{ field: 'client.phone', problem: 'must be a phone number such as +79161234567' }],
  },
};

const ERRORS: Record<string, string> = {
  '400': 'validation_failed: a field, a header, the JSON itself (every problem named)',
  '401': 'unauthenticated: no valid bearer token',
  '403':
    'forbidden: the role may not do this (docs/domain.md, roles); second_factor_enrolment_required: enrol a second factor first',
  '404': 'not_found: no such thing in your organization',
  '409': 'version_conflict: expectedVersion (or If-Match) is not the current version',
  '413': 'payload_too_large',
  '422': 'rule_violation: the case does not allow it now (docs/domain.md lists each reason)',
  '429': 'rate_limited: wait Retry-After seconds',
  '503':
    'service_unavailable: the database is away or too slow; retry after Retry-After (same Idempotency-Key)',
};

/** The error answers a route can give, from what it is: every one 400 and 503, and so on. */
function errorsOf(method: string, path: string, secured: boolean): string[] {
  const codes = ['400', '503'];
  if (secured) codes.push('401', '403', '429');
  if (path.includes('{')) codes.push('404');
  if (method !== 'get') codes.push('413');
  if (secured && method !== 'get') codes.push('409', '422');
  return codes.sort();
}

type Parameter = { in?: string; name?: string; required?: boolean; description?: string; schema?: unknown };

/**
 * Every route's header parameters once, in their usual spelling and optional: a route reading
 * `@Headers('x-request-id')` and declaring `@ApiHeader('X-Request-Id')` would otherwise list the
 * header twice, the first as required.
 */
function tidyHeaders(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as Array<{ parameters?: Parameter[] }>) {
      if (!operation?.parameters) continue;
      const seen = new Set<string>();
      operation.parameters = operation.parameters.flatMap((parameter) => {
        const name = parameter.name?.toLowerCase() ?? '';
        if (parameter.in !== 'header' || !HEADERS[name]) return [parameter];
        if (seen.has(name)) return [];
        seen.add(name);
        const spelled = name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
        return [
          {
            in: 'header',
            name: spelled === 'X-Request-Id' ? 'X-Request-Id' : spelled,
            required: false,
            description: HEADERS[name].description,
            schema: { type: 'string' },
          },
        ];
      });
    }
  }
  return document;
}

/**
 * The OpenAPI document, from the code: routes and their decorators, and the request classes'
 * schemas that the @nestjs/swagger compiler plugin writes at build time (nest build; the same
 * plugin runs under ts-jest). Served at /docs-json, written to docs/openapi.json by `npm run openapi`.
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('huquq')
      .setDescription('Case tracking for legal aid to migrant workers (API version 1)')
      .setVersion('1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'POST /v1/auth/token',
      })
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          description:
            "The installation operators' OPERATOR_TOKEN (a browser may send it as Basic operator:<token>)",
        },
        'operator',
      )
      .build(),
  );
  return withErrors(tidyHeaders(document));
}

/** Each route's error answers, all with the one error body. */
function withErrors(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Error: ERROR_SCHEMA },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as Array<[string, OperationLike]>) {
      if (!operation?.responses) continue;
      for (const code of errorsOf(method, path, !!operation.security?.length)) {
        operation.responses[code] ??= { description: ERRORS[code] };
      }
      // A route's own error answers (`@ApiNotFoundResponse(…)`) say when; the body is the one error body.
      for (const [code, response] of Object.entries(operation.responses)) {
        if (Number(code) >= 400 && !response.content) response.content = ERROR_CONTENT;
      }
      // Every answer carries its request id (platform's access-log.ts); a refusal to wait, Retry-After.
      for (const [code, response] of Object.entries(operation.responses)) {
        response.headers = {
          ...response.headers,
          'X-Request-Id': REQUEST_ID_HEADER,
          ...(code === '503' || code === '429' ? { 'Retry-After': RETRY_AFTER_HEADER } : {}),
        };
      }
    }
  }
  return document;
}

const ERROR_CONTENT = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

const REQUEST_ID_HEADER = {
  required: true,
  description: "The request's id: the client's X-Request-Id when it was a UUID, else a new one",
  schema: { type: 'string', format: 'uuid' },
};

const RETRY_AFTER_HEADER = {
  required: false,
  description: 'Seconds to wait before trying again',
  schema: { type: 'integer' },
};

type ResponseLike = { description?: string; content?: unknown; headers?: Record<string, unknown> };
type OperationLike = { responses?: Record<string, ResponseLike>; security?: unknown[] };
