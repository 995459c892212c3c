import { Body, Controller, HttpCode, Inject, Ip, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { NotFound } from '@huquq/platform';
import { Actor } from '@huquq/shared-kernel';
import { AuthService, LoginResult } from '../auth.service';
import { IdentityRepository } from '../identity.repository';
import { Enrolment, SecondFactor } from '../second-factor/second-factor';
import { ActorRequest } from './actor-request';
import { EnrolmentResponse, RecoveryCodesResponse } from './auth.responses';
import { DuringEnrolment } from './auth.guard';
import { CurrentActor } from './current-actor.decorator';
import { Public } from './public.decorator';
import { clearRefreshCookie, refreshCookieOf, setRefreshCookie } from './refresh-cookie';
import { ConfirmTotpRequest, RefreshRequest, TokenRequest, TokenResponse } from './token.request';

/** The routes that answer without a bearer token (the body gate reads their small bodies unauthenticated). */
export const PUBLIC_AUTH_PATHS = [
  '/v1/auth/token',
  '/v1/auth/refresh',
  '/v1/auth/logout',
  '/v1/auth/password-reset',
];

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(SecondFactor) private readonly secondFactor: SecondFactor,
    @Inject(IdentityRepository) private readonly users: IdentityRepository,
  ) {}

  // 200, not Nest's default 201 for POST: a token is handed out, nothing is created.
  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({
    description:
      'Wrong email or password (one answer for both); `second_factor_required` when the account has a second factor and no `otp` was sent',
  })
  @ApiTooManyRequestsResponse({
    description:
      'Too many failed logins for this email from this address (or from too many addresses, or of too many emails from this one): wait, then try again',
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
  })
  // The client's address as express sees it: behind a reverse proxy, TRUST_PROXY must be set.
  async token(
    @Body() body: TokenRequest,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResult> {
    return withCookie(res, await this.auth.login(body.email, body.password, body.otp, { ip }));
  }

  /** Spends the refresh token (body, or the browser's cookie) for the next pair. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({
    description: 'Unknown, expired or ended; a spent one shown again ends its session',
  })
  async refresh(
    @Body() body: RefreshRequest,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResult> {
    return withCookie(res, await this.auth.refresh(body.refreshToken ?? refreshCookieOf(req)));
  }

  /**
   * Ends the session of the refresh token (body or cookie) or of the bearer token: its access
   * tokens answer 401 from the next request, on every instance.
   */
  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session is over (also when it already was)' })
  async logout(
    @Body() body: RefreshRequest,
    @Req() req: ActorRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const refreshToken = body.refreshToken ?? refreshCookieOf(req);
    const sessionId = refreshToken ? undefined : await this.auth.sessionOf(req.headers.authorization);
    await this.auth.logout({ refreshToken, sessionId });
    clearRefreshCookie(res);
  }

  /** Step one: a new TOTP secret for the app (and a QR code of `otpauthUri`); not in force until confirmed. */
  @Post('mfa/totp/enrol')
  @DuringEnrolment()
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: EnrolmentResponse })
  async enrol(@CurrentActor() actor: Actor): Promise<Enrolment> {
    const user = await this.users.findUser(actor.orgId, actor.userId);
    if (!user) throw new NotFound('user');
    return this.secondFactor.enrol(user);
  }

  /**
   * Step two: a code of the new secret puts it in force and answers ten recovery codes, shown
   * this once. Log in again afterwards for a token that opens everything.
   */
  @Post('mfa/totp/confirm')
  @DuringEnrolment()
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: RecoveryCodesResponse })
  confirm(
    @CurrentActor() actor: Actor,
    @Body() body: ConfirmTotpRequest,
  ): Promise<{ recoveryCodes: string[] }> {
    return this.secondFactor.confirm(actor.userId, body.code);
  }

  /** Ten new recovery codes (shown once); the earlier ones stop working. */
  @Post('mfa/recovery-codes')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: RecoveryCodesResponse })
  @ApiNotFoundResponse({ description: 'not_found: the user has no second factor' })
  async recoveryCodes(@CurrentActor() actor: Actor): Promise<{ recoveryCodes: string[] }> {
    const user = await this.users.findUser(actor.orgId, actor.userId);
    if (!user?.secondFactor) throw new NotFound('second factor');
    return this.secondFactor.regenerateRecoveryCodes(actor.userId, actor.orgId);
  }
}

function withCookie(res: Response, result: LoginResult): LoginResult {
  setRefreshCookie(res, result.refreshToken, result.refreshExpiresIn);
  return result;
}
