/**
 * How the demo talks to huquq: only through its public HTTP API, like any intake app would.
 * A Transport is one request and its answer, so the same demo runs over the network (fetch) and
 * inside a test (supertest), and the retry policy lives in one place above both.
 */

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

export type Transport = (request: HttpRequest) => Promise<HttpAnswer>;

/** A transport over the network; a refused connection or a timeout throws, and is retried above. */
export function fetchTransport(baseUrl: string, timeoutMs = 30_000): Transport {
  const base = baseUrl.replace(/\/+$/, '');
  return async ({ method, path, headers = {}, body }) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (an HTML error page from a proxy, say): keep the text for the error message.
    }
    return { status: res.status, body: parsed };
  };
}

/** Answers that mean "try again": the service or a proxy in front of it is busy or restarting. */
const RETRYABLE = new Set([429, 502, 503, 504]);

export class RequestFailed extends Error {
  constructor(
    readonly request: HttpRequest,
    readonly status: number,
    readonly body: unknown,
  ) {
    // The path and the error code only: a body could echo what was sent.
    const code = (body as { error?: string } | null)?.error ?? '';
    super(`${request.method} ${request.path.split('?')[0]} answered ${status} ${code}`.trim());
  }
}

export interface RetryStats {
  /** Requests sent again after a 429/5xx answer or a network error, by reason. */
  retries: Map<string, number>;
}

export interface RetryPolicy {
  attempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_POLICY: RetryPolicy = { attempts: 8, firstDelayMs: 200, maxDelayMs: 5_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One signed-in user. Every request is retried on 429, 502-504 and network errors with
 * exponential backoff and jitter; an intake request keeps its Idempotency-Key across the retries,
 * which is what makes a retry safe. An expired token (the demo may outlive its 15 minutes) is
 * renewed once by signing in again.
 */
export class Session {
  private token = '';

  constructor(
    private readonly transport: Transport,
    readonly email: string,
    private readonly password: string,
    private readonly stats: RetryStats,
    private readonly policy: RetryPolicy = DEFAULT_POLICY,
  ) {}

  get accessToken(): string {
    return this.token;
  }

  async signIn(): Promise<{ id: string; orgId: string; role: string }> {
    const answer = await this.send({
      method: 'POST',
      path: '/v1/auth/token',
      body: { email: this.email, password: this.password },
    });
    if (answer.status !== 200)
      throw new RequestFailed({ method: 'POST', path: '/v1/auth/token' }, answer.status, answer.body);
    const body = answer.body as { accessToken: string; user: { id: string; orgId: string; role: string } };
    this.token = body.accessToken;
    return body.user;
  }

  /** The answer, whatever its status (retryable ones only after the retries ran out). */
  async call(request: HttpRequest): Promise<HttpAnswer> {
    const signed = () => ({
      ...request,
      headers: { ...request.headers, Authorization: `Bearer ${this.token}` },
    });
    let answer = await this.send(signed());
    if (answer.status === 401) {
      await this.signIn();
      answer = await this.send(signed());
    }
    return answer;
  }

  /** The body of a 2xx answer; anything else throws RequestFailed. */
  async expect<T>(request: HttpRequest): Promise<T> {
    const answer = await this.call(request);
    if (answer.status < 200 || answer.status > 299)
      throw new RequestFailed(request, answer.status, answer.body);
    return answer.body as T;
  }

  private async send(request: HttpRequest): Promise<HttpAnswer> {
    for (let attempt = 1; ; attempt++) {
      let reason: string;
      try {
        const answer = await this.transport(request);
        if (!RETRYABLE.has(answer.status) || attempt >= this.policy.attempts) return answer;
        reason = String(answer.status);
      } catch (error) {
        if (attempt >= this.policy.attempts) throw error;
        reason = 'network';
      }
      this.stats.retries.set(reason, (this.stats.retries.get(reason) ?? 0) + 1);
      const backoff = Math.min(this.policy.maxDelayMs, this.policy.firstDelayMs * 2 ** (attempt - 1));
      await sleep(backoff / 2 + Math.random() * (backoff / 2));
    }
  }
}

/**
 * Runs `work` over `items` with at most `limit` in flight, in order of the items: a bounded pool
 * rather than Promise.all, because thousands of requests at once would only queue up inside the
 * service and make each one slower.
 */
export async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
