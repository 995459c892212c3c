import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Forbidden } from '@huquq/platform';
import { Role } from '@huquq/shared-kernel';
import { SecondFactorEnrolmentRequired } from '../second-factor/second-factor.errors';
import { SessionCheck } from '../sessions/session-check';
import { TokenService } from '../tokens';
import { ActorRequest } from './actor-request';
import { claimsFromAuthorization } from './bearer';
import { OperatorCredentials, OPERATORS_ONLY } from './operator-auth';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLES } from './roles.decorator';

const DURING_ENROLMENT = 'huquq:during-enrolment';

/**
 * The route is open to a token that may do nothing else yet: a user whose organization requires
 * a second factor they have not enrolled (the enrolment routes, logout).
 */
export const DuringEnrolment = (): MethodDecorator => SetMetadata(DURING_ENROLMENT, true);

/**
 * Registered for every route (APP_GUARD): a route is closed unless marked @Public, and a
 * @Roles route is closed to the other roles. A token must be well signed *and* its session
 * open, its user active and unchanged since it was issued (SessionCheck, every request). An
 * @OperatorsOnly route takes the operators' credential and nothing else: no organization's
 * token, whatever its role.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(SessionCheck) private readonly sessions: SessionCheck,
    @Inject(OperatorCredentials) private readonly operators: OperatorCredentials,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(OPERATORS_ONLY, targets)) {
      const http = context.switchToHttp();
      this.operators.check(http.getRequest(), http.getResponse());
      return true;
    }
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<ActorRequest>();
    const claims = await claimsFromAuthorization(request.headers.authorization, this.tokens);
    await this.sessions.check(claims);
    if (
      claims.enrolOnly &&
      !this.reflector.get<boolean | undefined>(DURING_ENROLMENT, context.getHandler())
    ) {
      throw new SecondFactorEnrolmentRequired();
    }
    request.actor = claims.actor;
    request.sessionId = claims.sessionId;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(claims.actor.role)) throw new Forbidden();
    return true;
  }
}
