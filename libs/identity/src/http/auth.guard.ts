import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Forbidden } from '@huquq/platform';
import { Role } from '@huquq/shared-kernel';
import { TokenService } from '../tokens';
import { ActorRequest } from './actor-request';
import { actorFromAuthorization } from './bearer';
import { OperatorCredentials, OPERATORS_ONLY } from './operator-auth';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLES } from './roles.decorator';

/**
 * Registered for every route (APP_GUARD): a route is closed unless marked @Public, and a
 * @Roles route is closed to the other roles. An @OperatorsOnly route takes the operators'
 * credential and nothing else: no organization's token, whatever its role.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(OperatorCredentials) private readonly operators: OperatorCredentials,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(OPERATORS_ONLY, targets)) {
      const http = context.switchToHttp();
      this.operators.check(http.getRequest(), http.getResponse());
      return true;
    }
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<ActorRequest>();
    const actor = actorFromAuthorization(request.headers.authorization, this.tokens);
    request.actor = actor;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(actor.role)) throw new Forbidden();
    return true;
  }
}
