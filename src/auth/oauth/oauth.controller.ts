import { applyDecorators, Controller, Get, Inject, Logger, Redirect, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { ApiRedirect } from '../../common/openapi/api-success.decorator.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SkipEtag } from '../../common/http/skip-etag.decorator.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuthError, OAuthStartError } from '../auth.errors.js';
import { Public, type RequestWithUser } from '../auth.decorators.js';
import type { AuthenticatedUser } from '../authenticated-user.js';
import { invalidFields } from '../../common/errors/common.errors.js';
import { readSessionCookie, setSessionCookie } from '../session-cookie.js';
import { SessionsService } from '../sessions.service.js';
import { OAuthSignInRefusedError } from '../auth.errors.js';
import { OAuthAccountsService } from './oauth-accounts.service.js';
import type { OAuthProfile, OAuthProvider } from './oauth-profile.js';
import { INVALID_STATE, type OAuthRequest } from './oauth-state.store.js';
import { OAuthStrategyRegistry } from './oauth-strategy.registry.js';
import { runStrategy } from './passport-runner.js';

const STATE_COOKIE = 'hearth_oauth_state';
const STATE_TTL_SECONDS = 600;
const CALLBACK_PARAMS = ['code', 'state', 'error', 'error_description'] as const;
const CALLBACK_DESCRIPTION =
  'A sign-in that cannot be completed safely signs nobody in and redirects to OAUTH_FAILURE_REDIRECT_URL with ' +
  '`error=oauth_email_unverified` (the provider does not vouch for the email) or `error=provider_already_linked` ' +
  '(the account holding the email has another identity at this provider). A vouched-for email matching an ' +
  'account whose address was never confirmed takes that account over (see docs/security.md). A link started with ' +
  '`?intent=link` links the identity to the signed-in account instead (same session only) and redirects to ' +
  'OAUTH_SUCCESS_REDIRECT_URL, or to the failure URL with `error=identity_linked_elsewhere` or ' +
  '`error=provider_already_linked`.';
const START_DESCRIPTION =
  'With `intent=link` the caller must be signed in with a cookie session (bearer: 403 `link_requires_session`, ' +
  'API key: 403 `api_key_forbidden`, nobody: 401 `unauthenticated`): the state is bound to that session, and the ' +
  'callback links the provider identity to the account instead of signing in.';
const LINK_MARK = 'link';

/** What the signed state cookie carries: the provider, the state, and for a link the session it is bound to. */
interface StateCookie {
  provider: OAuthProvider;
  state: string;
  linkSessionId?: string;
}

/**
 * Google and GitHub sign-in through the real passport strategies, driven here instead of by passport's Express
 * middleware. `state` lives in a signed, HttpOnly cookie scoped to /api/auth for ten minutes and is checked by
 * the strategy's state store; a success starts a cookie session and redirects to OAUTH_SUCCESS_REDIRECT_URL, a
 * sign-in that cannot be completed safely redirects to OAUTH_FAILURE_REDIRECT_URL with `error=<code>`.
 */
const OAuthStart = () =>
  applyDecorators(
    ApiQuery({ name: 'intent', required: false, enum: ['link'] }),
    ApiRedirect("To the provider's consent page, with a state bound to a signed cookie"),
    ApiErrors(
      AuthError,
      'oauth_provider_not_configured',
      'unauthenticated',
      'link_requires_session',
      'api_key_forbidden',
    ),
    ApiErrors(OAuthStartError, 'oauth_failed'),
  );

const OAuthCallback = () =>
  applyDecorators(
    ApiQuery({ name: 'code', required: false, schema: { type: 'string' } }),
    ApiQuery({ name: 'state', required: false, schema: { type: 'string' } }),
    ApiQuery({ name: 'error', required: false, schema: { type: 'string' } }),
    ApiRedirect(
      'Signed in: to OAUTH_SUCCESS_REDIRECT_URL; refused: to OAUTH_FAILURE_REDIRECT_URL?error=<code>',
    ),
    ApiErrors(
      AuthError,
      'oauth_code_missing',
      'invalid_oauth_state',
      'oauth_denied',
      'oauth_failed',
      'oauth_email_required',
      'oauth_provider_not_configured',
    ),
  );

@ApiTags('auth')
@Public()
@Controller('auth')
export class OAuthController {
  private readonly logger = new Logger(OAuthController.name);

  constructor(
    private readonly strategies: OAuthStrategyRegistry,
    private readonly accounts: OAuthAccountsService,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('google')
  @SkipEtag()
  @Redirect()
  @ApiOperation({
    summary: 'Start Google sign-in, or link Google to the signed-in account (302 to Google with state)',
    description: START_DESCRIPTION,
  })
  @OAuthStart()
  google(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.start('google', request, reply);
  }

  @Get('google/callback')
  @SkipEtag()
  @Redirect()
  @ApiOperation({
    summary: 'Google redirects here; signs in (session cookie) and redirects',
    description: CALLBACK_DESCRIPTION,
  })
  @OAuthCallback()
  googleCallback(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.finish('google', request, reply);
  }

  @Get('github')
  @SkipEtag()
  @Redirect()
  @ApiOperation({
    summary: 'Start GitHub sign-in, or link GitHub to the signed-in account (302 to GitHub with state)',
    description: START_DESCRIPTION,
  })
  @OAuthStart()
  github(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.start('github', request, reply);
  }

  @Get('github/callback')
  @SkipEtag()
  @Redirect()
  @ApiOperation({
    summary: 'GitHub redirects here; signs in (session cookie) and redirects',
    description: CALLBACK_DESCRIPTION,
  })
  @OAuthCallback()
  githubCallback(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.finish('github', request, reply);
  }

  private async start(provider: OAuthProvider, request: FastifyRequest, reply: FastifyReply) {
    const linkSessionId = this.linkSessionOf(request);
    const strategy = this.strategies.get(provider);
    const oauthRequest = this.adapt(request, {});
    const outcome = await runStrategy(strategy, oauthRequest);
    if (outcome.kind !== 'redirect' || !oauthRequest.oauthState.issued) {
      this.logger.error({ outcome: outcome.kind }, `${provider} sign-in could not start`);
      throw new OAuthStartError('oauth_failed', `Sign-in with ${provider} could not start.`);
    }
    const bound = linkSessionId ? `:${LINK_MARK}:${linkSessionId}` : '';
    reply.setCookie(STATE_COOKIE, `${provider}:${oauthRequest.oauthState.issued}${bound}`, {
      path: '/api/auth',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.auth.secureCookies,
      maxAge: STATE_TTL_SECONDS,
      signed: true,
    });
    reply.header('cache-control', 'no-store');
    return { url: outcome.url, statusCode: 302 };
  }

  private async finish(provider: OAuthProvider, request: FastifyRequest, reply: FastifyReply) {
    const strategy = this.strategies.get(provider);
    const query = this.callbackQuery(request);
    // One attempt per state: whatever happens next, the state cookie is spent.
    reply.clearCookie(STATE_COOKIE, { path: '/api/auth' });
    reply.header('cache-control', 'no-store');
    if (!query.code && !query.error) {
      throw new AuthError('oauth_code_missing', 'The provider did not send an authorization code.');
    }
    const oauthRequest = this.adapt(request, query);
    const expected = this.stateCookie(request, provider);
    oauthRequest.oauthState.expected = this.sameSessionAsLink(request, expected)
      ? expected?.state
      : undefined;
    const outcome = await runStrategy(strategy, oauthRequest);
    switch (outcome.kind) {
      case 'success': {
        if (expected?.linkSessionId) {
          return this.completeLink((request as RequestWithUser).user!, outcome.user as OAuthProfile);
        }
        const user = await this.accounts.signIn(outcome.user as OAuthProfile).catch((error: unknown) => {
          if (error instanceof OAuthSignInRefusedError) return error;
          throw error;
        });
        if (user instanceof OAuthSignInRefusedError) return this.failureRedirect(user.code);
        const token = await this.sessions.start(
          user,
          { ipAddress: request.ip, userAgent: request.headers['user-agent'] },
          readSessionCookie(request),
        );
        setSessionCookie(reply, this.config.auth, token);
        return { url: this.config.auth.oauthSuccessRedirectUrl, statusCode: 302 };
      }
      case 'fail':
        if ((outcome.challenge as { reason?: string } | undefined)?.reason === INVALID_STATE) {
          throw new AuthError(
            'invalid_oauth_state',
            'The sign-in state is missing or does not match; start again.',
          );
        }
        throw new AuthError('oauth_denied', `Sign-in with ${provider} was cancelled or refused.`);
      default:
        // Only the message: provider error objects can carry response bodies.
        this.logger.warn(
          `${provider} sign-in failed at the provider: ${outcome.kind === 'error' ? (outcome.error as Error)?.message : outcome.kind}`,
        );
        throw new AuthError('oauth_failed', `Sign-in with ${provider} failed; try again.`);
    }
  }

  /** For `?intent=link`: the caller's session, which the state gets bound to; undefined for a plain sign-in. */
  private linkSessionOf(request: FastifyRequest): string | undefined {
    const intent = (request.query as Record<string, unknown> | undefined)?.intent;
    if (intent === undefined) return undefined;
    if (intent !== LINK_MARK) {
      throw invalidFields([{ field: 'intent', message: 'intent must be "link" or absent' }]);
    }
    const user = (request as RequestWithUser).user;
    if (!user) throw new AuthError('unauthenticated', 'Sign in first to link a provider.');
    if (user.via === 'api_key')
      throw new AuthError('api_key_forbidden', 'API keys cannot do this: sign in as a person.');
    if (!user.sessionId || user.via !== 'session') {
      throw new AuthError(
        'link_requires_session',
        'Linking a provider needs a browser session (cookie sign-in).',
      );
    }
    return user.sessionId;
  }

  /** A link's callback counts only in the very session that started it (the state is bound to it). */
  private sameSessionAsLink(request: FastifyRequest, expected: StateCookie | undefined): boolean {
    if (!expected?.linkSessionId) return true;
    const user = (request as RequestWithUser).user;
    return user?.via === 'session' && user.sessionId === expected.linkSessionId;
  }

  private async completeLink(user: AuthenticatedUser, profile: OAuthProfile) {
    try {
      await this.accounts.link(user.id, profile);
    } catch (error) {
      if (error instanceof OAuthSignInRefusedError) return this.failureRedirect(error.code);
      throw error;
    }
    return { url: this.config.auth.oauthSuccessRedirectUrl, statusCode: 302 };
  }

  private failureRedirect(code: string) {
    const url = new URL(this.config.auth.oauthFailureRedirectUrl);
    url.searchParams.set('error', code);
    return { url: url.toString(), statusCode: 302 };
  }

  /** Our signed state cookie, if it is intact and was issued for this provider. */
  private stateCookie(request: FastifyRequest, provider: OAuthProvider): StateCookie | undefined {
    const raw = request.cookies?.[STATE_COOKIE];
    if (!raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return undefined;
    const [cookieProvider, state, mark, linkSessionId] = unsigned.value.split(':');
    if (cookieProvider !== provider || !state) return undefined;
    if (mark === undefined) return { provider, state };
    return mark === LINK_MARK && linkSessionId ? { provider, state, linkSessionId } : undefined;
  }

  // Only single string values reach the strategy (a repeated parameter is treated as absent).
  private callbackQuery(request: FastifyRequest): Record<string, string> {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const picked: Record<string, string> = {};
    for (const name of CALLBACK_PARAMS) {
      const value = query[name];
      if (typeof value === 'string' && value !== '' && value.length <= 2048) picked[name] = value;
    }
    return picked;
  }

  private adapt(request: FastifyRequest, query: Record<string, string>): OAuthRequest {
    return { method: request.method, url: request.url, headers: request.headers, query, oauthState: {} };
  }
}
