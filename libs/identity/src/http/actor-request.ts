import type { Request } from 'express';
import { Actor } from '@huquq/shared-kernel';

/** A request that has passed AuthGuard carries the verified actor and the session of its token. */
export interface ActorRequest extends Request {
  actor?: Actor;
  sessionId?: string;
}
