import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import type { LevelWithSilent, Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/**
 * A client's X-Request-Id is kept only when it is a UUID, the rule events' correlationId has
 * always had (shared-kernel's requestContext): it goes into every log line of the request and
 * into the metadata of the events it writes, so the two can be joined, and no free text gets in.
 */
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REQUEST_ID_HEADER = 'x-request-id';

/** Parts of the API that are not Nest routes: their template is their mount point. */
const MOUNTS = ['/admin/queues', '/docs'];

function acceptedRequestId(given: unknown): string | null {
  return typeof given === 'string' && REQUEST_ID.test(given) ? given.toLowerCase() : null;
}

/**
 * The route's template (`/v1/cases/:id`), never the URL as sent: ids, queries and whatever a
 * client put in a path stay out of the log. A request no route took is `(unmatched)`.
 */
export function routeTemplate(req: IncomingMessage): string {
  const path = (req as Request).originalUrl?.split('?')[0] ?? '';
  const mount = MOUNTS.find((m) => path === m || path.startsWith(`${m}/`) || path.startsWith(`${m}-`));
  if (mount) return `${mount}/*`;
  const route = (req as Request).route as { path?: unknown } | undefined;
  return typeof route?.path === 'string' ? route.path : '(unmatched)';
}

/** Who asked, as the auth guard found them (ids only); nothing for a public route or a refusal. */
function actorOf(req: IncomingMessage): { orgId?: string; userId?: string } {
  const actor = (req as { actor?: { orgId?: unknown; userId?: unknown } }).actor;
  return {
    orgId: typeof actor?.orgId === 'string' ? actor.orgId : undefined,
    userId: typeof actor?.userId === 'string' ? actor.userId : undefined,
  };
}

function accessLine(req: IncomingMessage, res: ServerResponse, durationMs: number) {
  return {
    access: true,
    reqId: (req as { id?: unknown }).id,
    method: req.method,
    route: routeTemplate(req),
    status: res.statusCode,
    durationMs,
    ...actorOf(req),
  };
}

/**
 * One log line per request, when its answer is sent (or the client gave up): method, route
 * template, status, duration, organization and user ids, request id. Nothing else of the
 * request — no URL, query, header or body. Every request gets an id: the client's
 * X-Request-Id when it is a valid one, otherwise a new UUID; it is echoed in the answer's
 * X-Request-Id and handed on to the handlers (the events' correlationId). Load balancers'
 * `GET /health` is logged at debug level, so polling does not fill the log.
 */
export function accessLog(logger: Logger) {
  return pinoHttp<IncomingMessage, ServerResponse, never>({
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    genReqId: (req, res) => {
      const id = acceptedRequestId(req.headers[REQUEST_ID_HEADER]) ?? randomUUID();
      req.headers[REQUEST_ID_HEADER] = id;
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (req, res, err): LevelWithSilent =>
      err || res.statusCode >= 500
        ? 'error'
        : req.method === 'GET' && routeTemplate(req) === '/health'
          ? 'debug'
          : 'info',
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, val: { responseTime: number }) => accessLine(req, res, val.responseTime),
    // The error's message can quote a value: its class is enough to find it in the error log.
    customErrorObject: (req, res, error, val: { responseTime: number }) => ({
      ...accessLine(req, res, val.responseTime),
      error: error?.name,
    }),
  });
}
