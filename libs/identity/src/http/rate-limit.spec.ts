import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { Logger } from 'pino';
import { RateLimited } from '@huquq/platform';
import { OrganizationRateLimitGuard, RateLimit } from './rate-limit';

class Routes {
  @RateLimit('incidents')
  report() {}
}

function contextFor(orgId: string, headers: Record<string, string> = {}): ExecutionContext {
  const res = { setHeader: (name: string, value: string) => (headers[name] = value) };
  return {
    getHandler: () => Routes.prototype.report,
    getClass: () => Routes,
    switchToHttp: () => ({
      getRequest: () => ({ actor: { orgId, userId: 'u', role: 'intake' }, headers: {} }),
      getResponse: () => res,
    }),
  } as unknown as ExecutionContext;
}

async function guardWith(storage: ThrottlerStorage, warnings: unknown[] = []) {
  const guard = new OrganizationRateLimitGuard(
    {
      throttlers: [
        { name: 'incidents', limit: 2, ttl: 60_000 },
        { name: 'reports', limit: 1, ttl: 60_000 },
      ],
    },
    storage,
    new Reflector(),
    { warn: (...args: unknown[]) => warnings.push(args) } as unknown as Logger,
  );
  await guard.onModuleInit();
  return guard;
}

describe('OrganizationRateLimitGuard', () => {
  it("counts the route's own limit only, per organization", async () => {
    const keys: string[] = [];
    const guard = await guardWith({
      increment: async (key, _ttl, _limit, _block, name) => {
        keys.push(`${name} ${key}`);
        return { totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 };
      },
    });
    await expect(guard.canActivate(contextFor('org-1'))).resolves.toBe(true);
    expect(keys).toEqual(['incidents incidents:org:org-1']);
  });

  it('refuses over the limit with RateLimited and Retry-After in whole seconds', async () => {
    const guard = await guardWith({
      increment: async () => ({ totalHits: 3, timeToExpire: 12, isBlocked: true, timeToBlockExpire: 41.2 }),
    });
    const headers: Record<string, string> = {};
    await expect(guard.canActivate(contextFor('org-1', headers))).rejects.toBeInstanceOf(RateLimited);
    expect(headers['Retry-After']).toBe('42');

    const windowed = await guardWith({
      increment: async () => ({ totalHits: 3, timeToExpire: 30, isBlocked: true, timeToBlockExpire: 1 }),
    });
    await expect(windowed.canActivate(contextFor('org-1', headers))).rejects.toBeInstanceOf(RateLimited);
    expect(headers['Retry-After']).toBe('30');
  });

  it('lets requests through, with one warning, when the storage does not answer', async () => {
    const warnings: unknown[] = [];
    const guard = await guardWith(
      { increment: async () => Promise.reject(new Error('Connection is closed.')) },
      warnings,
    );
    await expect(guard.canActivate(contextFor('org-1'))).resolves.toBe(true);
    await expect(guard.canActivate(contextFor('org-1'))).resolves.toBe(true);
    expect(warnings).toHaveLength(1);
  });
});
