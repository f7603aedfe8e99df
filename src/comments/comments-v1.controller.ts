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
import { PageQuery, pageWindow, presentPage } from '../common/http/page.query.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { CommentBudgetGuard } from './comment-budget.guard.js';
import { ApiCreateComment, ApiDeleteComment, ApiListComments, ApiUpdateComment } from './comments.openapi.js';
import { CommentsService } from './comments.service.js';
import { CreateCommentDto } from './dto/create-comment.dto.js';
import { UpdateCommentDto } from './dto/update-comment.dto.js';
import { CommentV1PageView, CommentV1Presenter, CommentV1View } from './presenters/comment-v1.presenter.js';

/** v1: flat comments and offset pagination with metadata. */
@ApiTags('comments v1')
@Controller({ version: '1' })
export class CommentsV1Controller {
  constructor(private readonly comments: CommentsService) {}

  @Public()
  @Get('posts/:id/comments')
  @ApiListComments(CommentV1PageView)
  async list(
    @Param('id', ParseIdPipe) postId: number,
    @Query() query: PageQuery,
    @CurrentUser() viewer: AuthenticatedUser | null,
  ): Promise<CommentV1PageView> {
    const page = await this.comments.listPage(postId, viewer, pageWindow(query));
    return presentPage(query, page, CommentV1Presenter.present);
  }

  @Post('posts/:id/comments')
  @UseGuards(CommentBudgetGuard)
  @ApiCreateComment(CommentV1View)
  async create(
    @Param('id', ParseIdPipe) postId: number,
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateCommentDto,
  ): Promise<CommentV1View> {
    const comment = await this.comments.create(user, postId, { body: body.body, parentId: body.parent_id });
    return CommentV1Presenter.present(comment);
  }

  @Patch('comments/:id')
  @ApiUpdateComment(CommentV1View)
  async update(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: UpdateCommentDto,
  ): Promise<CommentV1View> {
    return CommentV1Presenter.present(await this.comments.update(id, user, body.body));
  }

  @Delete('comments/:id')
  @HttpCode(204)
  @ApiDeleteComment()
  async remove(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.comments.remove(id, user);
  }
}
