import { createHash, timingSafeEqual } from 'node:crypto';
import { NotFoundException, SetMetadata } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { toErrorBody, Unauthenticated } from '@huquq/platform';

export const OPERATORS_ONLY = 'huquq:operators-only';

/** The user name of HTTP Basic: `operator:<OPERATOR_TOKEN>`. */
const OPERATOR_USER = 'operator';

/** Sent with every 401 of an operator route: a browser asks for the user name and token. */
const OPERATOR_CHALLENGE = 'Basic realm="huquq operators", charset="UTF-8"';

const BASIC = /^Basic +([A-Za-z0-9+/]+=*) *$/i;
const BEARER = /^Bearer +(\S+) *$/i;

/**
 * The route is for the installation's operators (OPERATOR_TOKEN), never for an organization:
 * no organization token opens it, an admin's included. Checked by AuthGuard.
 */
export const OperatorsOnly = (): MethodDecorator & ClassDecorator => SetMetadata(OPERATORS_ONLY, true);

/** Equal or not, in a time that says nothing about where they differ, nor about their lengths. */
function sameSecret(given: string, expected: Buffer): boolean {
  return timingSafeEqual(createHash('sha256').update(given, 'utf8').digest(), expected);
}

/**
 * The operators' credential: OPERATOR_TOKEN, as HTTP Basic (`operator:<token>`, what a browser
 * sends after asking) or as a bearer token (for curl and tools). Without OPERATOR_TOKEN there are
 * no operators, and their routes do not exist.
 */
export class OperatorCredentials {
  private readonly user = createHash('sha256').update(OPERATOR_USER, 'utf8').digest();
  private readonly token: Buffer | null;

  constructor(token: string | undefined) {
    this.token = token ? createHash('sha256').update(token, 'utf8').digest() : null;
  }

  /** Whether the installation has operators at all (OPERATOR_TOKEN is set). */
  get enabled(): boolean {
    return this.token !== null;
  }

  /** Whether this Authorization header is the operators'. */
  accepts(authorization: string | undefined): boolean {
    if (!this.token || !authorization) return false;
    const basic = BASIC.exec(authorization);
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return false;
      // Both compared, whichever is wrong: the answer's timing tells neither.
      const userMatches = sameSecret(decoded.slice(0, colon), this.user);
      const tokenMatches = sameSecret(decoded.slice(colon + 1), this.token);
      return userMatches && tokenMatches;
    }
    const bearer = BEARER.exec(authorization);
    return !!bearer && sameSecret(bearer[1], this.token);
  }

  /**
   * Throws what an operator route answers to anyone else: 404 (as an unknown route) without
   * operators, 401 with a Basic challenge without the operators' credential.
   */
  check(request: Request, response: Response): void {
    if (!this.enabled) throw new NotFoundException();
    if (this.accepts(request.headers.authorization)) return;
    response.setHeader('WWW-Authenticate', OPERATOR_CHALLENGE);
    throw new Unauthenticated(
      'Operators only: HTTP Basic operator:<OPERATOR_TOKEN>, or Bearer <OPERATOR_TOKEN>',
    );
  }
}

/**
 * The same check as Express middleware, for what is mounted outside Nest's guards (Bull Board,
 * its API and its assets): each request of the page carries the credential, as a browser does
 * with Basic once asked.
 */
export function operatorsOnly(operators: OperatorCredentials) {
  return (req: Request, res: Response, next: NextFunction) => {
    try {
      operators.check(req, res);
      next();
    } catch (error) {
      const { status, body } = toErrorBody(error);
      res.status(status).json(body);
    }
  };
}
