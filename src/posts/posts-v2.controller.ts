import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { CreatePostDto } from './dto/create-post.dto.js';
import { ListPostsCursorQuery } from './dto/list-posts.query.js';
import { UpdatePostDto } from './dto/update-post.dto.js';
import { PostsService } from './posts.service.js';
import { PostV2Presenter } from './presenters/post-v2.presenter.js';

/** v2: JSON:API-like resources (string ids, attributes) and keyset pagination with opaque cursors. */
@ApiTags('posts v2')
@Controller({ path: 'posts', version: '2' })
export class PostsV2Controller {
  constructor(private readonly posts: PostsService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Published posts, newest first, by keyset cursor' })
  async list(@Query() query: ListPostsCursorQuery) {
    const { posts, nextCursor } = await this.posts.listAfterCursor(query.cursor, query.limit);
    return {
      data: posts.map(PostV2Presenter.resource),
      meta: { next_cursor: nextCursor, limit: query.limit },
    };
  }

  @Public()
  @Get(':id')
  async get(@Param('id', ParseIdPipe) id: number, @CurrentUser() viewer: AuthenticatedUser | null) {
    return { data: PostV2Presenter.resource(await this.posts.findVisible(id, viewer)) };
  }

  @Post()
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreatePostDto) {
    return { data: PostV2Presenter.resource(await this.posts.create(user, body)) };
  }

  @Patch(':id')
  async update(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: UpdatePostDto,
  ) {
    return { data: PostV2Presenter.resource(await this.posts.update(id, user, body)) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.posts.remove(id, user);
  }
}
