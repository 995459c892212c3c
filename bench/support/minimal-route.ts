/**
 * The "minimal NestJS route", the ceiling of the HTTP layer and the framework for intake:
 * POST /v1/appeals with intake's own request class validated by the service's own pipe, four
 * personal fields sealed with AES-256-GCM, ONE INSERT of the result, 201 with an id. No auth, no
 * keys per person, no blind indexes, no log, no views. Run as a child process (the baseline bench
 * starts it), on the adapter MINIMAL_ADAPTER names: `express` (what huquq runs) or `fastify`.
 *
 * DATABASE_URL, PORT, MINIMAL_ADAPTER.
 */
import 'reflect-metadata';
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';
import { LogAppealRequest } from '../../libs/cases/src/intake/appeal.request';
import { createValidationPipe } from '@huquq/platform';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const key = randomBytes(32);

function seal(plaintext: string | null | undefined): string | null {
  if (plaintext === null || plaintext === undefined) return null;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url')}`;
}

@Controller('v1/appeals')
class MinimalController {
  @Post()
  @HttpCode(201)
  async log(@Body() body: LogAppealRequest) {
    const id = randomUUID();
    const client = body.client!;
    await pool.query(
      `INSERT INTO minimal_appeals (id, appeal_type, full_name, phone, passport_number, description)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        id,
        body.appealType,
        seal(client.fullName),
        seal(client.phone),
        seal(client.passportNumber),
        seal(body.incident.description),
      ],
    );
    return { caseId: id };
  }
}

@Module({ controllers: [MinimalController] })
class MinimalModule {}

export const MINIMAL_TABLE = `
  CREATE TABLE IF NOT EXISTS minimal_appeals (
    id uuid PRIMARY KEY, appeal_type text NOT NULL, full_name text, phone text,
    passport_number text, description text, created_at timestamptz NOT NULL DEFAULT now()
  )`;

async function main() {
  const adapter = process.env.MINIMAL_ADAPTER ?? 'express';
  let app;
  if (adapter === 'fastify') {
    // Loaded only here: the Express run never needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { FastifyAdapter } = require('@nestjs/platform-fastify');
    app = await NestFactory.create(MinimalModule, new FastifyAdapter(), { logger: ['error'] });
  } else {
    app = await NestFactory.create(MinimalModule, { logger: ['error'] });
  }
  app.useGlobalPipes(createValidationPipe());
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => {
    void app.close().then(() => pool.end()).then(() => process.exit(0));
  });
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`minimal route failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
