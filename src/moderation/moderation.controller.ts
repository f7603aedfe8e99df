import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, PersonOnly, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { HideDto, UnhideDto } from './dto/moderation-reason.dto.js';
import { ModerationCursorQuery } from './dto/moderation-list.query.js';
import { ModerationService } from './moderation.service.js';
import { ModerationActionPresenter, ModerationLogView } from './presenters/moderation-action.presenter.js';

const HIDDEN_RULE =
  'Hidden content is 404 and unlisted for everyone but its author, moderators and admins; a hidden post leaves ' +
  'the live list (post_deleted) and comes back on unhide (post_created). Idempotent: hiding hidden content ' +
  'changes and logs nothing.';

/** Moderators' and admins' work on content: hiding, showing again, and the audit log of both. */
@ApiTags('moderation')
@Roles('moderator')
@PersonOnly()
@ApiBearerAuth()
@ApiCookieAuth()
@ApiUnauthorizedResponse({ description: 'unauthenticated' })
@ApiForbiddenResponse({
  description: 'forbidden (not a moderator or admin), api_key_forbidden (moderation needs a person)',
})
@Controller({ path: 'moderation', version: '2' })
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @Post('posts/:id/hide')
  @HttpCode(204)
  @ApiOperation({ summary: 'Hide a post', description: HIDDEN_RULE })
  @ApiNoContentResponse({ description: 'Hidden (or already hidden)' })
  @ApiBadRequestResponse({ description: 'validation_failed: reason missing or too long' })
  @ApiNotFoundResponse({ description: 'not_found: no such post' })
  async hidePost(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: HideDto,
  ): Promise<void> {
    await this.moderation.hide(actor, { type: 'post', id }, body.reason);
  }

  @Post('posts/:id/unhide')
  @HttpCode(204)
  @ApiOperation({ summary: 'Show a hidden post again' })
  @ApiNoContentResponse({ description: 'Visible again (or was not hidden)' })
  @ApiBadRequestResponse({ description: 'validation_failed' })
  @ApiNotFoundResponse({ description: 'not_found: no such post' })
  async unhidePost(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: UnhideDto,
  ): Promise<void> {
    await this.moderation.unhide(actor, { type: 'post', id }, body.reason ?? null);
  }

  @Post('comments/:id/hide')
  @HttpCode(204)
  @ApiOperation({ summary: 'Hide a comment', description: HIDDEN_RULE })
  @ApiNoContentResponse({ description: 'Hidden (or already hidden)' })
  @ApiBadRequestResponse({ description: 'validation_failed: reason missing or too long' })
  @ApiNotFoundResponse({ description: 'not_found: no such comment' })
  async hideComment(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: HideDto,
  ): Promise<void> {
    await this.moderation.hide(actor, { type: 'comment', id }, body.reason);
  }

  @Post('comments/:id/unhide')
  @HttpCode(204)
  @ApiOperation({ summary: 'Show a hidden comment again' })
  @ApiNoContentResponse({ description: 'Visible again (or was not hidden)' })
  @ApiBadRequestResponse({ description: 'validation_failed' })
  @ApiNotFoundResponse({ description: 'not_found: no such comment' })
  async unhideComment(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: UnhideDto,
  ): Promise<void> {
    await this.moderation.unhide(actor, { type: 'comment', id }, body.reason ?? null);
  }

  @Get('log')
  @ApiOperation({ summary: 'The audit log of moderation actions, newest first, by keyset cursor' })
  @ApiOkResponse({ type: ModerationLogView })
  @ApiBadRequestResponse({ description: 'validation_failed, invalid_cursor' })
  async log(@Query() query: ModerationCursorQuery): Promise<ModerationLogView> {
    const { items, nextCursor } = await this.moderation.log(query.cursor, query.limit);
    return {
      data: items.map(ModerationActionPresenter.present),
      meta: { next_cursor: nextCursor, limit: query.limit },
    };
  }
}
