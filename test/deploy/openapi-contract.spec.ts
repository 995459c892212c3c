import { createServer, Server } from 'node:http';
import { once } from 'node:events';
import request from 'supertest';
import { checkedAgainstContract, contract, RecordedAnswer } from '../support/openapi-contract';

/**
 * The checker that holds every answer of the e2e suite against docs/openapi.json (the shared test
 * app's agent uses it): shown here to refuse what the document does not describe.
 */
describe('the OpenAPI contract checker', () => {
  const appealLogged = {
    caseId: '2d5a7695-c031-40fa-b8d7-693d35c0e289',
    caseNumber: '2026-000001',
    clientId: 'b9458cd5-45af-47ac-ba8e-6b4b6e58f0b8',
    status: 'new',
    version: 1,
    possibleDuplicates: [],
  };
  const answer = (overrides: Partial<RecordedAnswer> = {}): RecordedAnswer => ({
    method: 'POST',
    path: '/v1/appeals',
    status: 201,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'a-request' },
    body: appealLogged,
    text: JSON.stringify(appealLogged),
    ...overrides,
  });

  it('keeps an answer the document describes', () => {
    expect(contract().problemsWith(answer())).toEqual([]);
    const notFound = { error: 'not_found', message: 'No such case', details: [] };
    expect(
      contract().problemsWith(
        answer({
          method: 'GET',
          path: '/v1/cases/6d243e31-15bc-8daa-83b7-1191612611a9',
          status: 404,
          body: notFound,
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a body that does not match its schema: a field missing, of another type, unnamed, out of its enum', () => {
    const { caseNumber: _gone, ...missing } = appealLogged;
    expect(contract().problemsWith(answer({ body: missing }))).toEqual([
      expect.stringContaining("must have required property 'caseNumber'"),
    ]);
    expect(contract().problemsWith(answer({ body: { ...appealLogged, version: '1' } }))).toEqual([
      expect.stringContaining('body/version must be number'),
    ]);
    expect(contract().problemsWith(answer({ body: { ...appealLogged, assigneeName: 'Иванова' } }))).toEqual([
      expect.stringContaining('must NOT have additional properties (assigneeName)'),
    ]);
    expect(contract().problemsWith(answer({ body: { ...appealLogged, status: 'closed' } }))).toEqual([
      expect.stringContaining('body/status must be equal to one of the allowed values'),
    ]);
    expect(contract().problemsWith(answer({ body: { ...appealLogged, caseId: 'not-a-uuid' } }))).toEqual([
      expect.stringContaining('body/caseId must match format "uuid"'),
    ]);
  });

  it('refuses an error answer that is not the error body', () => {
    const problems = contract().problemsWith(
      answer({ status: 422, body: { message: 'The case is closed' } }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("must have required property 'error'"),
        expect.stringContaining("must have required property 'details'"),
      ]),
    );
  });

  it('refuses a status the route does not document, a route it does not have, another media type, no request id', () => {
    expect(contract().problemsWith(answer({ status: 418 }))).toEqual([
      expect.stringContaining('POST /v1/appeals → 418: the status is not documented'),
    ]);
    expect(contract().problemsWith(answer({ path: '/v1/appeal-drafts', status: 200 }))).toEqual([
      'POST /v1/appeal-drafts is not in the OpenAPI document',
    ]);
    expect(
      contract().problemsWith(
        answer({ headers: { 'content-type': 'text/html', 'x-request-id': 'a' }, text: '<p>' }),
      ),
    ).toEqual([expect.stringContaining('text/html, the document says application/json')]);
    expect(contract().problemsWith(answer({ headers: { 'content-type': 'application/json' } }))).toEqual([
      expect.stringContaining('the X-Request-Id header is missing'),
    ]);
  });

  describe('on a supertest agent', () => {
    let server: Server;
    let body: unknown;
    beforeAll(async () => {
      // A stand-in for the API that answers whatever the test sets, over real HTTP.
      server = createServer((_req, res) => {
        res.writeHead(201, { 'Content-Type': 'application/json', 'X-Request-Id': 'a-request' });
        res.end(JSON.stringify(body));
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('fails the request whose answer breaks the contract, after passing one that keeps it', async () => {
      const http = checkedAgainstContract(request(server));
      body = appealLogged;
      await http.post('/v1/appeals').send({}).expect(201);
      body = { ...appealLogged, version: undefined };
      await expect(http.post('/v1/appeals').send({}).expect(201)).rejects.toThrow(
        /breaks the OpenAPI contract[\s\S]*must have required property 'version'/,
      );
      // With a callback too (supertest's end), as some tests use it.
      const error = await new Promise<Error | null>((resolve) =>
        http
          .post('/v1/appeals')
          .send({})
          .end((e) => resolve(e)),
      );
      expect(error?.message).toMatch(/breaks the OpenAPI contract/);
    });
  });
});
