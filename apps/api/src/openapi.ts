import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { createLogger, loadConfig } from '@huquq/platform';
import { ApiModule, openApiDocument } from '@huquq/runtime';

/**
 * `npm run openapi [-- <file>]`: writes the OpenAPI document (default docs/openapi.json) from the
 * built code, without a database or Redis: the modules are only looked at (Nest's preview mode),
 * never started. A test checks the file is current.
 */
async function main(file = 'docs/openapi.json') {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const app = await NestFactory.create(ApiModule.forRoot(config, createLogger('silent')), {
    preview: true,
    logger: false,
  });
  writeFileSync(resolve(file), `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
  // The preview app opened nothing worth closing, but a client library may hold a timer.
  process.exit(0);
}

main(process.argv[2]).catch((error) => {
  process.stderr.write(`openapi failed: ${error?.message ?? error}\n`);
  process.exit(1);
});
