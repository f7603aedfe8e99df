import { Controller, Delete, Get, HttpCode, Inject, Param, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, PersonOnly } from '../../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { clearSessionCookie } from '../../auth/session-cookie.js';
import { SessionsService } from '../../auth/sessions.service.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AccountSessionsError } from './account-sessions.errors.js';
import { ParseSessionIdPipe } from './parse-session-id.pipe.js';
import { SessionListResponse, SessionResponse } from './session.response.js';

const API_KEY_FORBIDDEN = 'api_key_forbidden: API keys cannot do this; sign in as a person';

/** The signed-in person's cookie sessions (devices): the list, and signing one of them out. */
@ApiTags('account')
@ApiCookieAuth()
@ApiBearerAuth()
@Controller('auth/sessions')
export class AccountSessionsController {
  constructor(
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @PersonOnly()
  @ApiOperation({
    summary: "The caller's live sessions, the most recently used first",
    description:
      '`current` marks the session making the request (never set for a bearer token, which has no session). ' +
      '`ip_prefix` is the network the session signed in from; the full address is never stored.',
  })
  @ApiOkResponse({ type: SessionListResponse })
  @ApiUnauthorizedResponse({ description: 'unauthenticated: not signed in' })
  @ApiForbiddenResponse({ description: API_KEY_FORBIDDEN })
  async list(@CurrentUser() caller: AuthenticatedUser): Promise<SessionListResponse> {
    const sessions = await this.sessions.listLive(caller.id);
    // A socket token names the session that minted it, but it is not that session: only a cookie is current.
    const current = caller.via === 'session' ? caller.sessionId : undefined;
    return { data: sessions.map((session) => SessionResponse.present(session, current)) };
  }

  @Delete(':id')
  @HttpCode(204)
  @PersonOnly()
  @ApiOperation({
    summary: 'Sign one of your sessions out: it ends, and so do the sockets it opened (on every instance)',
    description: 'Ending the current session signs the caller out and clears its cookie.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'The session has ended' })
  @ApiBadRequestResponse({ description: 'validation_failed: the id is not a UUID' })
  @ApiUnauthorizedResponse({ description: 'unauthenticated: not signed in' })
  @ApiForbiddenResponse({
    description: `${API_KEY_FORBIDDEN}; csrf_failed: a cookie request from a foreign origin`,
  })
  @ApiNotFoundResponse({
    description: 'session_not_found: no such session of yours (another user’s included)',
  })
  async end(
    @Param('id', ParseSessionIdPipe) id: string,
    @CurrentUser() caller: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (!(await this.sessions.endOwnedBy(id, caller.id))) {
      throw new AccountSessionsError('session_not_found', 'You have no session with this id.');
    }
    if (caller.via === 'session' && caller.sessionId === id) clearSessionCookie(reply, this.config.auth);
  }
}
