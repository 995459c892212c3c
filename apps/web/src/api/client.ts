import { session, type SessionUser } from './session';

export interface ProblemDetail {
  field: string;
  /** The server's English sentence: shown only where `constraint` has no message of ours. */
  problem: string;
  /** Which check failed (class-validator's rule: isEmail, isTimeZone…), where the server says. */
  constraint?: string;
}

/** The API's one error shape: `{error, message, details}` (docs/web-app.md). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly retryAfter: number | null = null,
    /** A 422's reason code (`case_closed`…), where the server gives one: said in our words. */
    readonly reason: string | null = null,
  ) {
    super(message);
  }

  /** `details[]` of a 400: one entry per bad field, with its dotted path. */
  get fieldProblems(): ProblemDetail[] {
    return Array.isArray(this.details)
      ? this.details.filter((d): d is ProblemDetail => typeof d?.field === 'string')
      : [];
  }
}

/** fetch() rejected: no connection (offline, server down). */
export class NetworkError extends Error {}

interface LoginAnswer {
  accessToken: string;
  expiresIn: number;
  user: SessionUser;
  /** The accounts routes: a token that opens only `/v1/auth/mfa/totp/*` until enrolment. */
  secondFactor?: 'enrolment_required';
}
const started = (answer: LoginAnswer) =>
  session.start({
    accessToken: answer.accessToken,
    user: answer.user,
    mustEnrol: answer.secondFactor === 'enrolment_required',
  });

interface RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
  accept?: string;
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as {
    error?: string;
    message?: string;
    details?: unknown;
    reason?: string;
  };
  const retry = Number(res.headers.get('Retry-After'));
  return new ApiError(
    res.status,
    body.error ?? 'error',
    body.message ?? res.statusText,
    body.details ?? null,
    Number.isFinite(retry) && retry > 0 ? retry : null,
    typeof body.reason === 'string' ? body.reason : null,
  );
}

async function send(
  method: string,
  path: string,
  options: RequestOptions,
  token?: string,
): Promise<Response> {
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  // A file goes as multipart (the browser sets its boundary); anything else as JSON.
  const multipart = options.body instanceof FormData;
  if (options.body !== undefined && !multipart) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  try {
    return await fetch(path, {
      method,
      headers,
      body:
        options.body === undefined
          ? undefined
          : multipart
            ? (options.body as FormData)
            : JSON.stringify(options.body),
      credentials: 'same-origin',
    });
  } catch (error) {
    throw new NetworkError(String(error));
  }
}

/** Sign in: `POST /v1/auth/token`. The token stays in this page's memory only. */
export async function signIn(email: string, password: string, otp?: string): Promise<SessionUser> {
  const body: Record<string, string> = { email, password };
  if (otp) body.otp = otp;
  const res = await send('POST', '/v1/auth/token', { body });
  if (!res.ok) throw await errorOf(res);
  const answer = (await res.json()) as LoginAnswer;
  // The answer also carries the refresh token: it is not kept; the httpOnly cookie holds it.
  started(answer);
  return answer.user;
}

let refreshing: Promise<boolean> | null = null;

/**
 * Silent refresh: `POST /v1/auth/refresh` with the httpOnly refresh cookie (path /v1/auth).
 * Where the server has no such route yet (404), there is simply no silent session.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const res = await send('POST', '/v1/auth/refresh', {});
      if (!res.ok) return false;
      started((await res.json()) as LoginAnswer);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export async function signOut(): Promise<void> {
  const token = session.get()?.accessToken;
  // Ends the refresh cookie's session on the server where the route exists; a 404 is fine.
  await send('POST', '/v1/auth/logout', {}, token).catch(() => undefined);
  session.end('signed-out');
}

/** Fetch with the access token; a 401 is mended once by a silent refresh, else ends the session. */
export async function request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  let res = await send(method, path, options, session.get()?.accessToken);
  if (res.status === 401 && (await refreshSession())) {
    res = await send(method, path, options, session.get()?.accessToken);
  }
  if (res.status === 401) session.end('expired');
  if (!res.ok) throw await errorOf(res);
  return res;
}

export const api = {
  get: async <T>(path: string): Promise<T> => (await (await request('GET', path)).json()) as T,
  post: async <T>(path: string, body?: unknown, idempotencyKey?: string): Promise<T> => {
    const res = await request('POST', path, { body: body ?? {}, idempotencyKey });
    return (res.status === 204 ? undefined : await res.json()) as T;
  },
};
