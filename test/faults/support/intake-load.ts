import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** Appeal types of the load, and the one first task the default rules give each. */
export const FIRST_TASK_OF: Record<string, string> = {
  detention: 'contact_detainee',
  eviction: 'contact_client',
  document_check: 'triage',
};
const APPEAL_TYPES = Object.keys(FIRST_TASK_OF);

const SYLLABLES = [
  'ra',
  'hi',
  'mov',
  'far',
  'ruh',
  'so',
  'bir',
  'za',
  'dek',
  'ul',
  'mat',
  'ka',
  'rim',
  'jon',
  'ali',
  'sher',
];
const word = () =>
  Array.from({ length: 2 + randomInt(2) }, () => SYLLABLES[randomInt(SYLLABLES.length)]).join('');
const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

/** An appeal of a person nobody logged before (so possibleDuplicates stays short). */
export function randomAppeal(appealType: string) {
  return {
    appealType,
    channel: 'hotline',
    receivedAt: new Date().toISOString(),
    urgency: 'high',
    client: {
      fullName: `${capital(word())} ${capital(word())}`,
      nationality: 'TJ',
      phone: `+7916${String(randomInt(10_000_000)).padStart(7, '0')}`,
      passportNumber: String(randomInt(100_000_000, 999_999_999)),
      dateOfBirth: '1995-04-02',
      language: 'tg',
    },
    incident: {
      occurredAt: new Date().toISOString(),
      region: 'Moscow Oblast',
      city: 'Kotelniki',
      location: 'dormitory',
      description: `Fault drill appeal ${randomBytes(4).toString('hex')}`,
    },
    decisionReceivedAt: null,
    incidentId: null,
  };
}

/** One HTTP attempt of the load, answered or not. */
export interface Attempt {
  key: string;
  startedAt: number;
  ms: number;
  /** null: no HTTP answer at all (refused, reset, timed out). */
  status: number | null;
  /** For attempts without an answer: the socket error's code, or TimeoutError. */
  error?: string;
  /** For answers other than 201. */
  body?: { error?: string; message?: string };
  retryAfter?: string | null;
}

export interface Acknowledged {
  key: string;
  caseId: string;
  caseNumber: string;
  appealType: string;
  /** Attempts it took to get the 201. */
  attempts: number;
  at: number;
}

export interface IntakeLoadOptions {
  clients: number;
  /** Pause between two appeals of one client. */
  paceMs: number;
  /** Pause before retrying a failed attempt, as an intake app on a bad connection would. */
  retryPauseMs: number;
  /** An attempt without an answer by then counts as a hang. */
  requestTimeoutMs: number;
}

/**
 * Steady intake: `clients` intake apps, each logging one appeal after another, each appeal
 * retried with the SAME Idempotency-Key and body until it is acknowledged (201). Records every
 * attempt and every acknowledged caseId.
 */
export class IntakeLoad {
  /** Every Idempotency-Key sent at least once, with its body. */
  readonly sent = new Map<string, ReturnType<typeof randomAppeal>>();
  readonly acknowledged = new Map<string, Acknowledged>();
  readonly attempts: Attempt[] = [];
  private stopping = false;
  private finishBy = Infinity;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly options: IntakeLoadOptions,
  ) {}

  start(): void {
    this.loops = Array.from({ length: this.options.clients }, (_, i) => this.client(i));
  }

  /**
   * No new appeal after this; every client still gets its current one acknowledged (within
   * `finishWithinMs`). Resolves with the keys that never were.
   */
  async stop(finishWithinMs = 30000): Promise<string[]> {
    this.stopping = true;
    this.finishBy = Date.now() + finishWithinMs;
    await Promise.all(this.loops);
    return [...this.sent.keys()].filter((key) => !this.acknowledged.has(key));
  }

  attemptsBetween(from: number, to: number): Attempt[] {
    return this.attempts.filter((a) => a.startedAt >= from && a.startedAt <= to);
  }

  /** Sends one appeal again, as a late retry would; the answer's status and body. */
  async resend(key: string): Promise<{ status: number; body: any }> {
    const res = await this.post(key, this.sent.get(key)!);
    return { status: res.status, body: await res.json() };
  }

  private async client(index: number): Promise<void> {
    let n = 0;
    while (!this.stopping) {
      const appealType = APPEAL_TYPES[(index + n++) % APPEAL_TYPES.length];
      const key = randomUUID();
      const body = randomAppeal(appealType);
      this.sent.set(key, body);
      for (let attempt = 1; ; attempt++) {
        const acknowledged = await this.attempt(key, body);
        if (acknowledged) {
          this.acknowledged.set(key, { ...acknowledged, key, appealType, attempts: attempt, at: Date.now() });
          break;
        }
        if (Date.now() > this.finishBy) return;
        await pause(this.options.retryPauseMs);
      }
      await pause(this.options.paceMs);
    }
  }

  private post(key: string, body: object): Promise<Response> {
    return fetch(`${this.baseUrl}/v1/appeals`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${this.token}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': key,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.requestTimeoutMs),
    });
  }

  private async attempt(key: string, body: object): Promise<{ caseId: string; caseNumber: string } | null> {
    const startedAt = Date.now();
    try {
      const res = await this.post(key, body);
      const answer = (await res.json().catch(() => ({}))) as any;
      this.attempts.push({
        key,
        startedAt,
        ms: Date.now() - startedAt,
        status: res.status,
        ...(res.status === 201 ? {} : { body: answer, retryAfter: res.headers.get('retry-after') }),
      });
      return res.status === 201 ? { caseId: answer.caseId, caseNumber: answer.caseNumber } : null;
    } catch (error) {
      const e = error as { name?: string; cause?: { code?: string; name?: string } };
      this.attempts.push({
        key,
        startedAt,
        ms: Date.now() - startedAt,
        status: null,
        error:
          e.name === 'TimeoutError' ? 'TimeoutError' : (e.cause?.code ?? e.cause?.name ?? e.name ?? 'error'),
      });
      return null;
    }
  }
}

/** Paces the load; never used to wait for the service. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
