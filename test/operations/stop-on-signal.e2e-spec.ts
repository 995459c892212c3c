import { connect, Socket } from 'node:net';
import { once } from 'node:events';
import { dropDatabase } from '@huquq/platform';
import { freshDatabaseUrl } from '../support/test-database';
import { waitFor } from '../support/wait-for';
import { freePort, groupAlive, listening, NpmProcess, serviceEnv } from './support/npm-process';

/**
 * `npm start` stopped the ways it is stopped in real life: Ctrl-C or `kill -TERM -<group>`
 * signals the whole process group; a supervisor or `docker stop` signals npm alone. Either way
 * nothing may be left serving, and a request already being answered gets its answer.
 */
describe('npm start stops cleanly on a signal', () => {
  jest.setTimeout(240_000);
  const databaseUrl = freshDatabaseUrl();
  let service: NpmProcess | undefined;

  afterEach(() => service?.killGroup());
  afterAll(() => dropDatabase(databaseUrl));

  it('SIGTERM to the process group: the request in flight is answered, then nothing is left', async () => {
    const port = await freePort();
    service = NpmProcess.start(['start'], serviceEnv(databaseUrl, port));
    await service.healthy(port);

    // A login whose body is still on its way when the signal comes: it needs the database.
    const body = JSON.stringify({ email: 'nobody@example.org', password: 'not the password' });
    const socket: Socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    const closed = once(socket, 'close');
    socket.write(
      `POST /v1/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );

    process.kill(-service.pgid, 'SIGTERM');
    // The listener closes first: new connections are refused while the request is still open.
    await waitFor(async () => !(await listening(port)), {
      timeoutMs: 10_000,
      what: 'the listener to close',
    });
    socket.write(body.slice(10));
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer).toContain('"unauthenticated"');

    await service.exited;
    await waitFor(() => !groupAlive(service!.pgid), { timeoutMs: 30_000, what: 'the group to end' });
    expect(await listening(port)).toBe(false);
    expect(service.output).toContain('huquq API stopped');
  });

  it('SIGTERM to npm alone (a supervisor, docker stop): npm waits for node, no orphan keeps serving', async () => {
    const port = await freePort();
    service = NpmProcess.start(['start'], serviceEnv(databaseUrl, port));
    await service.healthy(port);

    service.child.kill('SIGTERM');
    await service.exited;
    // npm has exited: whatever it started must be gone by now, not reparented to init.
    expect(groupAlive(service.pgid)).toBe(false);
    expect(await listening(port)).toBe(false);
  });

  it('the worker alone: SIGTERM to npm finishes its work and leaves no process', async () => {
    service = NpmProcess.start(['run', 'start:worker'], serviceEnv(databaseUrl, await freePort()));
    await waitFor(() => service!.output.includes('huquq worker running'), {
      timeoutMs: 120_000,
      what: 'the worker to run',
    });

    service.child.kill('SIGTERM');
    await service.exited;
    expect(groupAlive(service.pgid)).toBe(false);
    expect(service.output).toContain('follow-up jobs stopped');
    expect(service.output).toContain('huquq worker stopped');
  });
});
