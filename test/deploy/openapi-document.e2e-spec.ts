import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { createLogger, loadConfig } from '@huquq/platform';
import { ApiModule, openApiDocument } from '@huquq/runtime';

const ROOT = join(__dirname, '../..');

/**
 * docs/openapi.json is what `npm run openapi` writes from the code as built (nest build runs the
 * @nestjs/swagger plugin, which gives every request class its schema): never edited by hand,
 * never behind the code.
 */
describe('docs/openapi.json', () => {
  jest.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'huquq-openapi-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const written = (() => {
    let document: Record<string, any> | undefined;
    return () => {
      if (!document) {
        const file = join(dir, 'openapi.json');
        execFileSync(
          process.execPath,
          [join(ROOT, 'scripts/run-built.cjs'), 'dist/apps/api/src/openapi.js', file],
          {
            cwd: ROOT,
            stdio: 'pipe',
            env: { PATH: process.env.PATH, HOME: process.env.HOME },
          },
        );
        document = JSON.parse(readFileSync(file, 'utf8'));
      }
      return document!;
    };
  })();

  it('is current: what npm run openapi writes from the code now (run it and commit the file)', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8'));
    expect(committed).toEqual(written());
  });

  it('is what an app started in a test serves too (the swagger plugin runs under ts-jest)', async () => {
    // As apps/api/src/openapi.ts builds it, from the sources compiled by ts-jest this time.
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const app = await NestFactory.create(ApiModule.forRoot(config, createLogger('silent')), {
      preview: true,
      logger: false,
    });
    const inProcess = JSON.parse(JSON.stringify(openApiDocument(app)));
    expect(inProcess).toEqual(JSON.parse(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8')));
  });

  it('describes the request bodies field by field (POST /v1/appeals), and headers once, optional', () => {
    const document = written();
    const appeal = document.components.schemas.LogAppealRequest;
    expect(appeal.required).toEqual(expect.arrayContaining(['appealType', 'channel', 'incident']));
    expect(appeal.properties.appealType.enum).toContain('detention');
    expect(document.components.schemas.ClientRequest.properties).toHaveProperty('fullName');
    expect(document.components.schemas.AssignCaseRequest.properties).toHaveProperty('assigneeId');

    const post = document.paths['/v1/appeals'].post;
    // Its error answers, each with the one error body.
    expect(Object.keys(post.responses).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '422',
      '429',
      '503',
    ]);
    expect(post.responses['422'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
    expect(document.components.schemas.Error.required).toEqual(['error', 'message', 'details']);
    // Its answer, field by field (a response class), and the request id on every answer.
    expect(post.responses['201'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/LoggedAppealResponse',
    });
    expect(document.components.schemas.LoggedAppealResponse.required).toEqual(
      expect.arrayContaining(['caseId', 'caseNumber', 'clientId', 'status', 'version']),
    );
    expect(post.responses['422'].headers['X-Request-Id'].required).toBe(true);
    expect(document.components.schemas.ClientRequest.properties.fullName.example).toBe('Рахимов Фаррух');
    const headers = post.parameters.filter((p: { in: string }) => p.in === 'header');
    expect(headers.map((h: { name: string; required: boolean }) => [h.name, h.required])).toEqual([
      ['X-Request-Id', false],
      ['Idempotency-Key', false],
    ]);
  });
});
