import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { CommentBudgetGuard } from './comment-budget.guard.js';
import { ApiCreateComment, ApiDeleteComment, ApiListComments, ApiUpdateComment } from './comments.openapi.js';
import { CommentsService } from './comments.service.js';
import { CreateCommentDto } from './dto/create-comment.dto.js';
import { ListCommentsCursorQuery } from './dto/list-comments.query.js';
import { UpdateCommentDto } from './dto/update-comment.dto.js';
import {
  CommentV2Document,
  CommentV2PageView,
  CommentV2Presenter,
} from './presenters/comment-v2.presenter.js';

/** v2: JSON:API-like resources (string ids, attributes) and keyset pagination with opaque cursors. */
@ApiTags('comments v2')
@Controller({ version: '2' })
export class CommentsV2Controller {
  constructor(private readonly comments: CommentsService) {}

  @Public()
  @Get('posts/:id/comments')
  @ApiListComments(CommentV2PageView)
  async list(
    @Param('id', ParseIdPipe) postId: number,
    @Query() query: ListCommentsCursorQuery,
    @CurrentUser() viewer: AuthenticatedUser | null,
  ): Promise<CommentV2PageView> {
    const { comments, nextCursor } = await this.comments.listAfterCursor(
      postId,
      viewer,
      query.cursor,
      query.limit,
    );
    return {
      data: comments.map(CommentV2Presenter.resource),
      meta: { next_cursor: nextCursor, limit: query.limit },
    };
  }

  @Post('posts/:id/comments')
  @UseGuards(CommentBudgetGuard)
  @ApiCreateComment(CommentV2Document)
  async create(
    @Param('id', ParseIdPipe) postId: number,
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateCommentDto,
  ): Promise<CommentV2Document> {
    const comment = await this.comments.create(user, postId, { body: body.body, parentId: body.parent_id });
    return { data: CommentV2Presenter.resource(comment) };
  }

  @Patch('comments/:id')
  @ApiUpdateComment(CommentV2Document)
  async update(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: UpdateCommentDto,
  ): Promise<CommentV2Document> {
    return { data: CommentV2Presenter.resource(await this.comments.update(id, user, body.body)) };
  }

  @Delete('comments/:id')
  @HttpCode(204)
  @ApiDeleteComment()
  async remove(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.comments.remove(id, user);
  }
}
