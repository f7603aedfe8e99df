import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SkipEtag } from '../common/http/skip-etag.decorator.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { UserPresenter } from '../users/user.presenter.js';
import { AccessTokenService } from './access-token.service.js';
import { CurrentUser, Public } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { CsrfOriginPolicy } from './csrf-origin.policy.js';
import { CredentialsDto } from './dto/credentials.dto.js';
import { ForgotPasswordDto } from './dto/forgot-password.dto.js';
import { RefreshTokenDto } from './dto/refresh-token.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { ResetPasswordDto } from './dto/reset-password.dto.js';
import { PasswordResetService } from './password-reset.service.js';
import { RetryAfterInterceptor } from './retry-after.interceptor.js';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie.js';
import { SessionsService } from './sessions.service.js';
import { TokenPairPresenter } from './token-pair.presenter.js';

const FORGOT_ANSWER = { message: 'If an account exists for this email, a reset link is on its way.' };

/** Password accounts, cookie sessions, bearer tokens and password reset (OAuth is in OAuthController). */
@ApiTags('auth')
@Controller('auth')
@UseInterceptors(RetryAfterInterceptor)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly passwordReset: PasswordResetService,
    private readonly accessTokens: AccessTokenService,
    private readonly csrf: CsrfOriginPolicy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create an account with email and password (sign in afterwards)' })
  async register(@Body() body: RegisterDto) {
    return UserPresenter.present(await this.auth.register(body.email, body.password));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Sign in: sets the HttpOnly hearth_session cookie (a new session id every time)' })
  async login(
    @Body() body: CredentialsDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    this.csrf.assertOriginAllowedIfPresent(request);
    const user = await this.auth.verifyCredentials(body.email, body.password, request.ip);
    const token = await this.sessions.start(
      user.id,
      { ipAddress: request.ip, userAgent: request.headers['user-agent'] },
      readSessionCookie(request),
    );
    setSessionCookie(reply, this.config.auth, token);
    return UserPresenter.present(user);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the cookie session (if any) and clear the cookie' })
  async logout(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const token = readSessionCookie(request);
    if (token) await this.sessions.end(token);
    clearSessionCookie(reply, this.config.auth);
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user' })
  async me(@CurrentUser() user: AuthenticatedUser) {
    return UserPresenter.present(await this.auth.findUser(user.id));
  }

  @Public()
  @Post('token')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Exchange email and password for an access token and a refresh token' })
  async token(@Body() body: CredentialsDto, @Req() request: FastifyRequest) {
    const user = await this.auth.verifyCredentials(body.email, body.password, request.ip);
    return TokenPairPresenter.present(await this.auth.issueTokenPair(user.id));
  }

  @Public()
  @Post('token/refresh')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Rotate: the refresh token is used up and a new pair is returned' })
  async refresh(@Body() body: RefreshTokenDto) {
    return TokenPairPresenter.present(await this.auth.refresh(body.refresh_token));
  }

  @Get('socket-token')
  @SkipEtag()
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'A short-lived access token for the socket.io handshake (for cookie sessions)' })
  async socketToken(@CurrentUser() user: AuthenticatedUser) {
    const issued = await this.accessTokens.issue(user, this.config.auth.socketTokenTtlSeconds);
    return { token: issued.token, expires_in: issued.expiresIn };
  }

  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Email a single-use reset link (valid 1 hour); the answer never reveals accounts',
  })
  async forgot(@Body() body: ForgotPasswordDto, @Req() request: FastifyRequest) {
    await this.passwordReset.requestReset(body.email, request.ip);
    return FORGOT_ANSWER;
  }

  @Public()
  @Post('password/reset')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a new password with a reset token; signs out every session and token' })
  async reset(@Body() body: ResetPasswordDto) {
    await this.passwordReset.reset(body.token, body.password);
    return { message: 'Your password has been changed. Sign in with the new password.' };
  }
}
