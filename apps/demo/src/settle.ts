import { Session } from './http';

interface Health {
  projections?: { name: string; lagEvents: number }[];
  followUps?: {
    queue: Record<string, number> | null;
    ledger: { oldestNotEnqueuedSeconds: number } | null;
  } | null;
}

/** What still has to run before the views, tasks and deadlines reflect every write made so far. */
function pending(health: Health): number {
  const projections = (health.projections ?? []).reduce((sum, p) => sum + p.lagEvents, 0);
  const queue = health.followUps?.queue;
  const jobs = queue ? (queue.waiting ?? 0) + (queue.active ?? 0) + (queue.prioritized ?? 0) : 0;
  const late = health.followUps?.ledger?.oldestNotEnqueuedSeconds ? 1 : 0;
  return projections + jobs + late;
}

/**
 * Waits until /health shows the projections caught up and no follow-up job waiting or running
 * (delayed reminders and escalations, due later, do not count). The service does this work in
 * the background after answering, and the tasks and backlog the demo shows come from it. /health
 * covers the whole installation, so on a busy shared service this gives up after `timeoutMs`.
 */
export async function waitUntilSettled(
  session: Session,
  timeoutMs: number,
): Promise<{ settled: boolean; ms: number }> {
  const started = Date.now();
  let quiet = 0;
  while (Date.now() - started < timeoutMs) {
    const answer = await session.call({ method: 'GET', path: '/health' });
    // Twice in a row: a job finishing can append events that the projections have not seen yet.
    quiet = answer.status === 200 && pending(answer.body as Health) === 0 ? quiet + 1 : 0;
    if (quiet >= 2) return { settled: true, ms: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { settled: false, ms: Date.now() - started };
}
