import type { Transport } from './http';

interface HealthDetails {
  projections?: { name: string; lagEvents: number }[];
  followUps?: {
    queue: Record<string, number> | null;
    ledger: { oldestNotEnqueuedSeconds: number } | null;
  } | null;
}

/** What still has to run before the views, tasks and deadlines reflect every write made so far. */
function pending(health: HealthDetails): number {
  const projections = (health.projections ?? []).reduce((sum, p) => sum + p.lagEvents, 0);
  const queue = health.followUps?.queue;
  const jobs = queue ? (queue.waiting ?? 0) + (queue.active ?? 0) + (queue.prioritized ?? 0) : 0;
  const late = health.followUps?.ledger?.oldestNotEnqueuedSeconds ? 1 : 0;
  return projections + jobs + late;
}

/**
 * Waits until /health/details shows the projections caught up and no follow-up job waiting or
 * running (delayed reminders and escalations, due later, do not count). The service does this
 * work in the background after answering, and the tasks and backlog the demo shows come from it.
 * The details are the installation operators' (OPERATOR_TOKEN): without their token, or with one
 * the service does not take, `settled` is null at once and the demo goes on. They cover the whole
 * installation, so on a busy shared service this gives up after `timeoutMs`.
 */
export async function waitUntilSettled(
  transport: Transport,
  operatorToken: string | undefined,
  timeoutMs: number,
): Promise<{ settled: boolean | null; ms: number }> {
  const started = Date.now();
  if (!operatorToken) return { settled: null, ms: 0 };
  let quiet = 0;
  while (Date.now() - started < timeoutMs) {
    const answer = await transport({
      method: 'GET',
      path: '/health/details',
      headers: { Authorization: `Bearer ${operatorToken}` },
    }).catch(() => null);
    if (answer?.status === 401 || answer?.status === 404) return { settled: null, ms: Date.now() - started };
    // Twice in a row: a job finishing can append events that the projections have not seen yet.
    quiet = answer?.status === 200 && pending(answer.body as HealthDetails) === 0 ? quiet + 1 : 0;
    if (quiet >= 2) return { settled: true, ms: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { settled: false, ms: Date.now() - started };
}
