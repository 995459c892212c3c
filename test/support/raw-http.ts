import { once } from 'node:events';
import { request as httpRequest, Server } from 'node:http';
import { AddressInfo, connect, Socket } from 'node:net';

/** The port of the service's server, listening on a free one if it is not yet. */
export async function portOf(server: Server): Promise<number> {
  if (!server.listening) {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  }
  return (server.address() as AddressInfo).port;
}

export interface RawAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** Reads one HTTP/1.1 answer off the socket as its bytes arrive (status line, headers, body). */
function answerOf(socket: Socket): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let text = '';
    const tryParse = (final: boolean) => {
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return final ? reject(new Error('the connection closed before an answer')) : undefined;
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      // An interim answer (100 Continue) is not the answer: skip it.
      if (/^HTTP\/1\.1 1\d\d/.test(statusLine)) {
        text = text.slice(end + 4);
        return tryParse(final);
      }
      const headers = Object.fromEntries(
        lines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      );
      const body = text.slice(end + 4);
      const length = Number(headers['content-length']);
      if (Number.isFinite(length) ? Buffer.byteLength(body) >= length : final) {
        resolve({ status: Number(statusLine.split(' ')[1]), body, headers });
      }
    };
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      tryParse(false);
    });
    socket.on('end', () => tryParse(true));
    socket.on('close', () => tryParse(true));
    socket.on('error', () => undefined); // a reset after the answer is read changes nothing
  });
}

const head = (method: string, path: string, headers: Record<string, string | number>) =>
  `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('') +
  '\r\n';

/**
 * Sends a request's head and the first `sentFirst` bytes of its body, then waits for an answer
 * without sending the rest. A server that answers without the body answers now; one that needs
 * the body would wait forever, so after `patienceMs` the rest is sent after all (the test then
 * sees `bodySent: true` and fails on that, not on a timeout). Nothing is asserted on time.
 */
export async function sendHeadFirst(
  port: number,
  request: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body: string;
    sentFirst?: number;
    patienceMs?: number;
  },
): Promise<RawAnswer & { bodySent: boolean }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const answer = answerOf(socket);
  const body = Buffer.from(request.body);
  const first = request.sentFirst ?? 1024;
  socket.write(
    head(request.method ?? 'POST', request.path, {
      'Content-Type': 'application/json',
      'Content-Length': body.length,
      ...request.headers,
    }),
  );
  socket.write(body.subarray(0, first));
  let bodySent = false;
  const rest = setTimeout(() => {
    bodySent = true;
    socket.write(body.subarray(first));
  }, request.patienceMs ?? 5000);
  try {
    const result = await answer;
    return { ...result, bodySent };
  } finally {
    clearTimeout(rest);
    socket.destroy();
  }
}

/**
 * A slow chunked upload: one chunk of `chunkBytes` at a time, `pauseMs` apart, up to `totalBytes`,
 * stopping as soon as an answer arrives or the server closes the connection. Says how much was
 * sent and whether the whole body (with its last chunk) ever was.
 */
export async function slowChunkedUpload(
  port: number,
  request: {
    path: string;
    headers?: Record<string, string>;
    chunk: string;
    totalBytes: number;
    pauseMs?: number;
  },
): Promise<
  (RawAnswer | { status: null; body: string; headers: Record<string, string> }) & {
    bytesSent: number;
    bodySent: boolean;
    closedByServer: boolean;
  }
> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let answered = false;
  let closedByServer = false;
  const answer = answerOf(socket).finally(() => (answered = true));
  socket.on('end', () => (closedByServer = true));
  socket.on('close', () => (closedByServer = true));
  socket.write(
    head('POST', request.path, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
      ...request.headers,
    }),
  );
  const chunk = Buffer.from(request.chunk);
  let bytesSent = 0;
  let bodySent = false;
  const upload = (async () => {
    while (!answered && !closedByServer && bytesSent < request.totalBytes) {
      socket.write(`${chunk.length.toString(16)}\r\n`);
      socket.write(chunk);
      socket.write('\r\n');
      bytesSent += chunk.length;
      await new Promise((resolve) => setTimeout(resolve, request.pauseMs ?? 2));
    }
    if (!answered && !closedByServer) {
      socket.write('0\r\n\r\n');
      bodySent = true;
    }
  })();
  try {
    // A server that refuses mid-upload answers and closes; while the client is still writing, the
    // close may reach it as a reset that discards the answer (TCP's way): status null then.
    const result: RawAnswer | { status: null; body: string; headers: Record<string, string> } =
      await answer.catch(() => ({ status: null, body: '', headers: {} }));
    await upload;
    // The answer can be read a moment before the server's close arrives: wait for it, bounded.
    if (!closedByServer) {
      await Promise.race([
        new Promise((resolve) => socket.once('end', resolve).once('close', resolve)),
        new Promise((resolve) => setTimeout(resolve, 5000).unref()),
      ]);
    }
    return { ...result, bytesSent, bodySent, closedByServer };
  } finally {
    socket.destroy();
  }
}

/**
 * A request with `Expect: 100-continue`, as curl sends a large body: the body goes only after the
 * server's 100 Continue. Says whether the server ever asked for it.
 */
export function sendExpectingContinue(
  port: number,
  request: { path: string; headers?: Record<string, string>; body: string },
): Promise<{ status: number; body: string; continued: boolean }> {
  return new Promise((resolve, reject) => {
    let continued = false;
    const body = Buffer.from(request.body);
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: request.path,
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': body.length,
        Expect: '100-continue',
        ...request.headers,
      },
    });
    req.on('continue', () => {
      continued = true;
      req.end(body);
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: text, continued });
        req.destroy();
      });
      res.on('error', reject);
    });
    req.on('error', (error) => (continued ? undefined : reject(error)));
    req.flushHeaders();
  });
}
