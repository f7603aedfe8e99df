import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, PersonOnly, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { ApiNoContent, ApiOk } from '../common/openapi/api-success.decorator.js';
import { CommentsError } from '../comments/comments.errors.js';
import { PostsError } from '../posts/posts.errors.js';
import { ModerationError } from './moderation.errors.js';
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
@Controller({ path: 'moderation', version: '2' })
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @Post('posts/:id/hide')
  @HttpCode(204)
  @ApiOperation({ summary: 'Hide a post', description: HIDDEN_RULE })
  @ApiNoContent('Hidden (or already hidden)')
  @ApiErrors(PostsError, 'not_found')
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
  @ApiNoContent('Visible again (or was not hidden)')
  @ApiErrors(PostsError, 'not_found')
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
  @ApiNoContent('Hidden (or already hidden)')
  @ApiErrors(CommentsError, 'not_found')
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
  @ApiNoContent('Visible again (or was not hidden)')
  @ApiErrors(CommentsError, 'not_found')
  async unhideComment(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: UnhideDto,
  ): Promise<void> {
    await this.moderation.unhide(actor, { type: 'comment', id }, body.reason ?? null);
  }

  @Get('log')
  @ApiOperation({ summary: 'The audit log of moderation actions, newest first, by keyset cursor' })
  @ApiOk(ModerationLogView)
  @ApiErrors(ModerationError, 'invalid_cursor')
  async log(@Query() query: ModerationCursorQuery): Promise<ModerationLogView> {
    const { items, nextCursor } = await this.moderation.log(query.cursor, query.limit);
    return {
      data: items.map(ModerationActionPresenter.present),
      meta: { next_cursor: nextCursor, limit: query.limit },
    };
  }
}
