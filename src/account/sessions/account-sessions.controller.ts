import { Controller, Delete, Get, HttpCode, Inject, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, PersonOnly } from '../../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { clearSessionCookie } from '../../auth/session-cookie.js';
import { SessionsService } from '../../auth/sessions.service.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { ApiNoContent, ApiOk } from '../../common/openapi/api-success.decorator.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AccountSessionsError } from './account-sessions.errors.js';
import { ParseSessionIdPipe } from './parse-session-id.pipe.js';
import { SessionListResponse, SessionResponse } from './session.response.js';

/** The signed-in person's cookie sessions (devices): the list, and signing one of them out. */
@ApiTags('account')
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
  @ApiOk(SessionListResponse)
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
  @ApiNoContent('The session has ended')
  @ApiErrors(AccountSessionsError, 'session_not_found')
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
