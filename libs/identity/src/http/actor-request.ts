import type { Request } from 'express';
import { Actor } from '@huquq/shared-kernel';

/** A request that has passed AuthGuard carries the verified actor. */
export interface ActorRequest extends Request {
  actor?: Actor;
}
