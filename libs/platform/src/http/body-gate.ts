import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { ValidationFailed } from '@huquq/shared-kernel';
import { findNulInQuery, JSON_LIMITS, JsonLimits, parseJsonBody } from './json-body';
import { invalidFieldsMessage } from './validation';

export interface BodyGateOptions {
  /** Whether the request's credentials hold, checked before a byte of its body is read. */
  authenticated(req: Request): boolean | Promise<boolean>;
  /** What anyone may send, signed in or not; a few KiB. */
  anonymousLimit: number;
  /** Routes open without a token (login): they keep the anonymous limit and answer 413 above it. */
  publicPaths: readonly string[];
  /** The limit of an authenticated request. */
  limitFor(req: Request): number;
  /**
   * Routes that read their own body as a stream (a document upload): the limit of an
   * authenticated request to them, or null for any other route. Such a body is never read
   * here, so it bypasses the JSON parser: an anonymous one is refused (401) before a byte is
   * read, one whose Content-Length is over the limit 413; the route enforces the limit itself
   * while it streams (a chunked body declares no length).
   */
  streamedLimitFor?(req: Request): number | null;
  json?: JsonLimits;
}

const EXPECTS_CONTINUE = Symbol('huquq.expectsContinue');
type MaybeContinued = IncomingMessage & { [EXPECTS_CONTINUE]?: boolean };

/**
 * A client that sends `Expect: 100-continue` (curl does for large bodies) waits for the server's
 * go-ahead before sending the body. Node gives it at once by default; with this, the body gate
 * gives it only when it has decided to read the body, so a refused client never sends it.
 */
export function continueOnlyWhenRead(server: Server): void {
  server.on('checkContinue', (req: MaybeContinued, res: ServerResponse) => {
    req[EXPECTS_CONTINUE] = true;
    server.emit('request', req, res);
  });
}

const KIB = 1024;
const size = (bytes: number) =>
  bytes >= KIB * KIB ? `${bytes / (KIB * KIB)} MiB` : `${Math.round(bytes / KIB)} KiB`;

interface Refusal {
  status: number;
  body: { error: string; message: string; details: unknown[] };
}

const tooLarge = (limit: number): Refusal => ({
  status: 413,
  body: {
    error: 'payload_too_large',
    message: `The request body is too large (at most ${size(limit)})`,
    details: [],
  },
});

const signInFirst = (limit: number): Refusal => ({
  status: 401,
  body: {
    error: 'unauthenticated',
    message: `A valid bearer token is required to send a body over ${size(limit)}`,
    details: [],
  },
});

const unsupported = (message: string): Refusal => ({
  status: 415,
  body: { error: 'unsupported_media_type', message, details: [] },
});

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Answers without reading (the rest of) the body and closes the connection afterwards, so the
 * bytes still on their way are never read: Node closes a `Connection: close` response's socket
 * once it is written.
 */
function refuse(req: Request, res: Response, refusal: Refusal): void {
  req.pause();
  res.setHeader('Connection', 'close');
  res.status(refusal.status).json(refusal.body);
}

type Read = { kind: 'body'; bytes: Buffer } | { kind: 'too-large' } | { kind: 'gone' };

/** The body, as long as it stays within `limit`; stops reading the moment it does not. */
function readCapped(req: Request, limit: number): Promise<Read> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (read: Read) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onClose);
      resolve(read);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        req.pause();
        finish({ kind: 'too-large' });
      } else chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: 'body', bytes: Buffer.concat(chunks, length) });
    const onGone = () => finish({ kind: 'gone' });
    const onClose = () => {
      if (!req.complete) finish({ kind: 'gone' });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onClose);
  });
}

/**
 * Reads and parses request bodies, instead of body-parser, so that what a body costs follows
 * who sent it:
 * - identity first: over `anonymousLimit` only a request whose bearer token holds is read; an
 *   anonymous one is answered 401 (413 on a public route) before its body is read — at once
 *   when Content-Length says so, at the limit for a chunked one;
 * - the authenticated limit (`limitFor`) the same way, 413;
 * - JSON only as UTF-8 and uncompressed (a compressed body's size says nothing of its cost);
 * - before JSON.parse, one pass refuses depth, long arrays and NUL characters (json-body.ts),
 *   400 naming the field: nothing recursive ever walks an attacker's nesting.
 * A body of another type is read (within the same limits) and dropped: no route takes one.
 */
export function bodyGate(options: BodyGateOptions) {
  const limits = options.json ?? JSON_LIMITS;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req)) return next();
    const isPublic = options.publicPaths.includes(req.path);
    // The token's check is asynchronous (jose): nothing of the body is read meanwhile.
    void Promise.resolve(!isPublic && options.authenticated(req))
      .catch(() => false)
      .then((authenticated) => gate(req, res, next, authenticated, isPublic));
  };

  function gate(req: Request, res: Response, next: NextFunction, authenticated: boolean, isPublic: boolean) {
    const streamed = !isPublic && options.streamedLimitFor?.(req);
    if (typeof streamed === 'number') return passStream(req, res, next, authenticated, streamed);
    const limit = authenticated ? options.limitFor(req) : options.anonymousLimit;
    const overLimit = authenticated || isPublic ? tooLarge(limit) : signInFirst(limit);

    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return refuse(req, res, overLimit);
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity')
      return refuse(req, res, unsupported('Request bodies are taken uncompressed only'));
    const json = Boolean(req.is('application/json'));
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
    if (json && charset !== undefined && !/^utf-?8$/i.test(charset))
      return refuse(req, res, unsupported('JSON bodies are taken in UTF-8 only'));

    if ((req as MaybeContinued)[EXPECTS_CONTINUE]) res.writeContinue();
    void readCapped(req, limit).then((read) => {
      if (read.kind === 'gone') return; // the client went away: no one to answer
      if (read.kind === 'too-large') return refuse(req, res, overLimit);
      if (!json) return next();
      try {
        req.body = parseJsonBody(read.bytes.toString('utf8'), limits);
      } catch (error) {
        return next(error);
      }
      next();
    });
  }
}

function passStream(req: Request, res: Response, next: NextFunction, authenticated: boolean, limit: number) {
  if (!authenticated) {
    return refuse(req, res, {
      status: 401,
      body: { error: 'unauthenticated', message: 'A valid bearer token is required to upload', details: [] },
    });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return refuse(req, res, tooLarge(limit));
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity')
    return refuse(req, res, unsupported('Request bodies are taken uncompressed only'));
  if ((req as MaybeContinued)[EXPECTS_CONTINUE]) res.writeContinue();
  next();
}

/** NUL characters in the query string: 400 naming the parameter, before any route sees it. */
export function refuseNulInQuery() {
  return (req: Request, _res: Response, next: NextFunction) => {
    const problem = findNulInQuery(req.query as Record<string, unknown>);
    next(problem ? new ValidationFailed(invalidFieldsMessage([problem]), [problem]) : undefined);
  };
}
