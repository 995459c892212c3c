import { Body, Controller, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AuthService, LoginResult } from '../auth.service';
import { Public } from './public.decorator';
import { TokenRequest, TokenResponse } from './token.request';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  // 200, not Nest's default 201 for POST: a token is handed out, nothing is created.
  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenResponse })
  @ApiTooManyRequestsResponse({
    description:
      'Too many failed logins for this email from this address (or from too many addresses, or of too many emails from this one): wait, then try again',
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
  })
  // The client's address as express sees it: behind a reverse proxy, TRUST_PROXY must be set.
  token(@Body() body: TokenRequest, @Ip() ip: string): Promise<LoginResult> {
    return this.auth.login(body.email, body.password, { ip });
  }
}
