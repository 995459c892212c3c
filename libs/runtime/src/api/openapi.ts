import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

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
      .addBearerAuth()
      .build(),
  );
  return tidyHeaders(document);
}
