import type { Actor } from '@huquq/shared-kernel';
import { Unauthenticated } from '@huquq/platform';
import type { TokenService } from '../tokens';

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/**
 * The actor an `Authorization: Bearer …` header speaks for; Unauthenticated when there is none
 * or the token does not hold. What AuthGuard checks, for whoever must check it before a route
 * runs (the body gate decides whether to read a large body at all).
 */
export function actorFromAuthorization(header: string | undefined, tokens: TokenService): Actor {
  const match = BEARER.exec(header ?? '');
  if (!match) throw new Unauthenticated();
  return tokens.verify(match[1]);
}
