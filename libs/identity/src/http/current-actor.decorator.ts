import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Unauthenticated } from '@huquq/platform';
import { Actor } from '@huquq/shared-kernel';
import { ActorRequest } from './actor-request';

/** The verified actor of the request. On a @Public route there is none, and asking is a mistake. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<ActorRequest>().actor;
  if (!actor) throw new Unauthenticated();
  return actor;
});
