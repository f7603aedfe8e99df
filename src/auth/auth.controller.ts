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
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SkipEtag } from '../common/http/skip-etag.decorator.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { MessageResponse } from '../common/openapi/api-properties.js';
import { ApiAccepted, ApiCreated, ApiNoContent, ApiOk } from '../common/openapi/api-success.decorator.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CurrentUserResponse, UserPresenter, UserResponse } from '../users/user.presenter.js';
import { CurrentUser, PersonOnly, Public } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { knownDeviceOf, rememberKnownDevice } from './brute-force/known-device-cookie.js';
import { CredentialsRevocation } from './credentials-revocation.service.js';
import { CsrfOriginPolicy } from './csrf-origin.policy.js';
import { ConfirmEmailDto } from './dto/confirm-email.dto.js';
import { CredentialsDto } from './dto/credentials.dto.js';
import { ForgotPasswordDto } from './dto/forgot-password.dto.js';
import { RefreshTokenDto } from './dto/refresh-token.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { ResetPasswordDto } from './dto/reset-password.dto.js';
import { normalizeEmail } from './normalize-email.js';
import { EmailConfirmationService } from './email-confirmation.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { RetryAfterInterceptor } from './retry-after.interceptor.js';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie.js';
import { SessionsService } from './sessions.service.js';
import { SocketTokenResponse, TokenPairPresenter, TokenPairResponse } from './token-pair.presenter.js';
import { AuthError } from './auth.errors.js';

const SIGN_IN_LIMITS =
  'Attempts are counted before the password is checked, per account and address, per address, and per account ' +
  'over all addresses; a success sets the hearth_device cookie, whose holder is counted on its own (see ' +
  'docs/security.md). Over a limit: 429 rate_limited with Retry-After.';

const FORGOT_ANSWER = { message: 'If an account exists for this email, a reset link is on its way.' };
const RESEND_ANSWER = { message: 'Unless your address is already confirmed, a new link is on its way.' };
const API_KEY_FORBIDDEN = 'api_key_forbidden: API keys cannot do this; sign in as a person';

/**
 * Password accounts, cookie sessions, bearer tokens, sign-out everywhere, password reset and email confirmation
 * (OAuth is in OAuthController).
 */
@ApiTags('auth')
@Controller('auth')
@UseInterceptors(RetryAfterInterceptor)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly passwordReset: PasswordResetService,
    private readonly emailConfirmation: EmailConfirmationService,
    private readonly revocation: CredentialsRevocation,
    private readonly csrf: CsrfOriginPolicy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create an account with email and password (sign in afterwards)' })
  @ApiCreated(UserResponse)
  @ApiErrors(AuthError, 'email_taken')
  async register(@Body() body: RegisterDto): Promise<UserResponse> {
    return UserPresenter.present(await this.auth.register(body.email, body.password));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Sign in: sets the HttpOnly hearth_session cookie (a new session id every time)',
    description: `${SIGN_IN_LIMITS} A request from a browser must come from its own origin or an allowed one.`,
  })
  @ApiTooManyRequestsResponse({ description: '`rate_limited`: too many sign-in attempts (Retry-After)' })
  @ApiOk(UserResponse)
  @ApiErrors(AuthError, 'invalid_credentials', 'rate_limited')
  async login(
    @Body() body: CredentialsDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserResponse> {
    this.csrf.assertOriginAllowedIfPresent(request);
    const user = await this.signIn(body, request, reply);
    const token = await this.sessions.start(
      user,
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
  @ApiNoContent('Signed out (the session cookie is cleared)')
  async logout(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const token = readSessionCookie(request);
    if (token) await this.sessions.end(token);
    clearSessionCookie(reply, this.config.auth);
  }

  @Post('logout-all')
  @HttpCode(204)
  @PersonOnly()
  @ApiOperation({
    summary: 'Sign out everywhere: every session, refresh token and socket of the caller ends',
    description:
      'Access tokens issued before this are refused (401) from then on, as after a password reset.',
  })
  @ApiNoContent('Signed out everywhere (the session cookie is cleared)')
  @ApiForbiddenResponse({ description: API_KEY_FORBIDDEN })
  async logoutAll(
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.revocation.endSignIns(user.id);
    clearSessionCookie(reply, this.config.auth);
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user, with `email_verified`' })
  @ApiOk(CurrentUserResponse)
  async me(@CurrentUser() user: AuthenticatedUser): Promise<CurrentUserResponse> {
    return UserPresenter.presentCurrent(await this.auth.findUser(user.id));
  }

  @Public()
  @Post('token')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Exchange email and password for an access token and a refresh token',
    description: SIGN_IN_LIMITS,
  })
  @ApiTooManyRequestsResponse({ description: '`rate_limited`: too many sign-in attempts (Retry-After)' })
  @ApiOk(TokenPairResponse)
  @ApiErrors(AuthError, 'invalid_credentials', 'rate_limited')
  async token(
    @Body() body: CredentialsDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairResponse> {
    const user = await this.signIn(body, request, reply);
    return TokenPairPresenter.present(await this.auth.issueTokenPair(user));
  }

  @Public()
  @Post('token/refresh')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Rotate: the refresh token is used up and a new pair is returned' })
  @ApiOk(TokenPairResponse)
  async refresh(@Body() body: RefreshTokenDto): Promise<TokenPairResponse> {
    return TokenPairPresenter.present(await this.auth.refresh(body.refresh_token));
  }

  @Get('socket-token')
  @SkipEtag()
  @PersonOnly()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'A short-lived access token for the socket.io handshake (cookie sessions and bearer users)',
    description:
      'Sockets opened with it end when the session that minted it ends (logout), and with every credential ' +
      'change of the user.',
  })
  @ApiForbiddenResponse({ description: API_KEY_FORBIDDEN })
  @ApiOk(SocketTokenResponse)
  async socketToken(@CurrentUser() user: AuthenticatedUser): Promise<SocketTokenResponse> {
    const issued = await this.auth.issueSocketToken(user);
    return { token: issued.token, expires_in: issued.expiresIn };
  }

  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Email a single-use reset link (valid 1 hour); the answer never reveals accounts',
  })
  @ApiTooManyRequestsResponse({
    description: '`rate_limited`: too many requests for this account or from this address (Retry-After)',
  })
  @ApiAccepted(MessageResponse)
  @ApiErrors(AuthError, 'rate_limited')
  async forgot(@Body() body: ForgotPasswordDto, @Req() request: FastifyRequest): Promise<MessageResponse> {
    await this.passwordReset.requestReset(body.email, request.ip);
    return FORGOT_ANSWER;
  }

  @Public()
  @Post('password/reset')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a new password with a reset token; signs out every session and token' })
  @ApiOk(MessageResponse)
  @ApiErrors(AuthError, 'reset_token_invalid', 'reset_token_expired')
  async reset(@Body() body: ResetPasswordDto): Promise<MessageResponse> {
    await this.passwordReset.reset(body.token, body.password);
    return { message: 'Your password has been changed. Sign in with the new password.' };
  }

  @Public()
  @Post('email/confirm')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm an email address with the token from the emailed link (single use)',
    description:
      'A registration link confirms the address; an email-change link makes it the account’s address (409 ' +
      'email_taken when another account took that address meanwhile).',
  })
  @ApiBadRequestResponse({ description: 'A token that is unknown, used, expired or for another address' })
  @ApiOk(MessageResponse)
  @ApiErrors(AuthError, 'confirm_token_invalid', 'confirm_token_expired', 'email_taken')
  async confirmEmail(@Body() body: ConfirmEmailDto): Promise<MessageResponse> {
    await this.emailConfirmation.confirm(body.token);
    return { message: 'Your email address is confirmed.' };
  }

  @Post('email/confirm/resend')
  @HttpCode(202)
  @PersonOnly()
  @ApiOperation({ summary: 'Email a new confirmation link to the signed-in user (limited like forgot)' })
  @ApiForbiddenResponse({ description: API_KEY_FORBIDDEN })
  @ApiTooManyRequestsResponse({ description: 'rate_limited, with Retry-After' })
  @ApiAccepted(MessageResponse)
  @ApiErrors(AuthError, 'rate_limited')
  async resendConfirmation(
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: FastifyRequest,
  ): Promise<MessageResponse> {
    await this.emailConfirmation.resend(user, request.ip);
    return RESEND_ANSWER;
  }

  /** Checks the credentials and, when they are right, marks this client as a known device of the account. */
  private async signIn(body: CredentialsDto, request: FastifyRequest, reply: FastifyReply) {
    const account = normalizeEmail(body.email);
    const user = await this.auth.verifyCredentials(body.email, body.password, {
      ip: request.ip,
      knownDevice: knownDeviceOf(request, account),
    });
    rememberKnownDevice(reply, this.config.auth, account);
    return user;
  }
}
