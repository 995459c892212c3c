import {
  applyDecorators,
  ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { HuquqError, LOGGER, RateLimited, Unauthenticated } from '@huquq/platform';
import { ActorRequest } from './actor-request';

/**
 * The limits a route may count against; each is one throttler of ThrottlerModule, of the same
 * name, configured by the application (INCIDENT_RATE_*, REPORT_RATE_*, SEARCH_RATE_*).
 */
export const RATE_LIMITS = ['incidents', 'reports', 'search'] as const;
export type RateLimitName = (typeof RATE_LIMITS)[number];

const RATE_LIMIT = 'huquq:rate-limit';
/** A Redis that does not answer is said once a minute, not on every request. */
const WARN_EVERY_MS = 60_000;

/**
 * Counts the route's requests per organization — the authenticated actor's, never the address:
 * a whole office sits behind one NAT, and a limit is there so that one organization cannot slow
 * down the others. The count lives in the throttler's storage (Redis), so it holds across API
 * instances. Over the limit: 429 `rate_limited` with `Retry-After` in seconds.
 *
 * If the storage does not answer, the request goes through (and a warning is logged): an appeal
 * for someone detained right now matters more than the limit.
 */
@Injectable()
export class OrganizationRateLimitGuard extends ThrottlerGuard {
  private lastWarning = 0;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    super(options, storage, reflector);
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const { context, throttler } = request;
    const name = this.reflector.getAllAndOverride<RateLimitName | undefined>(RATE_LIMIT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (throttler.name !== name) return true;
    try {
      return await super.handleRequest(request);
    } catch (error) {
      if (error instanceof HuquqError) throw error;
      const now = Date.now();
      if (now - this.lastWarning >= WARN_EVERY_MS) {
        this.lastWarning = now;
        this.log.warn(
          { rateLimit: name, err: { name: (error as Error)?.name } },
          'rate limits are not enforced: their storage (Redis) does not answer',
        );
      }
      return true;
    }
  }

  protected override async getTracker(req: ActorRequest): Promise<string> {
    // AuthGuard (global) ran first; a route without an actor is a route that must not be limited so.
    if (!req.actor) throw new Unauthenticated();
    return `org:${req.actor.orgId}`;
  }

  /** One count per organization and limit, whichever route of the limit is asked. */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    // Until the window's count expires (or a longer block does), in whole seconds.
    const seconds = Math.max(1, Math.ceil(Math.max(detail.timeToExpire, detail.timeToBlockExpire)));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new RateLimited(`Too many requests from your organization; try again in ${seconds} seconds`);
  }
}

/** The route counts against the named limit of the caller's organization (see the guard above). */
export const RateLimit = (name: RateLimitName): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(RATE_LIMIT, name), UseGuards(OrganizationRateLimitGuard));
