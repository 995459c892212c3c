import { Unauthenticated } from '@huquq/platform';
import type { AccessClaims, TokenService } from '../tokens';

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/**
 * What an `Authorization: Bearer …` header's token says, once its signature and times hold;
 * Unauthenticated when there is none or it does not hold. Whether its session is still open is
 * AuthGuard's further question; the body gate asks only this one before reading a large body.
 */
export function claimsFromAuthorization(
  header: string | undefined,
  tokens: TokenService,
): Promise<AccessClaims> {
  const match = BEARER.exec(header ?? '');
  if (!match) return Promise.reject(new Unauthenticated());
  return tokens.verify(match[1]);
}
