/**
 * Waits until `check` returns a truthy value, polling, for at most `timeoutMs`.
 * Tests wait for conditions, never for a fixed time.
 */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  { timeoutMs = 10000, intervalMs = 20, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
