import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { ApiCreated, ApiNoContent, ApiOk } from '../common/openapi/api-success.decorator.js';
import { PostsError } from './posts.errors.js';
import { CreatePostDto } from './dto/create-post.dto.js';
import { ListPostsCursorQuery } from './dto/list-posts.query.js';
import { UpdatePostDto } from './dto/update-post.dto.js';
import { PostsService } from './posts.service.js';
import { PostV2Presenter, PostV2ResourceData, PostV2ResourceList } from './presenters/post-v2.presenter.js';

/** v2: JSON:API-like resources (string ids, attributes) and keyset pagination with opaque cursors. */
@ApiTags('posts v2')
@Controller({ path: 'posts', version: '2' })
export class PostsV2Controller {
  constructor(private readonly posts: PostsService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Published posts, newest first, by keyset cursor' })
  @ApiOk(PostV2ResourceList)
  @ApiErrors(PostsError, 'invalid_cursor')
  async list(@Query() query: ListPostsCursorQuery): Promise<PostV2ResourceList> {
    const { posts, nextCursor } = await this.posts.listAfterCursor(query.cursor, query.limit);
    return {
      data: posts.map(PostV2Presenter.resource),
      meta: { next_cursor: nextCursor, limit: query.limit },
    };
  }

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'A post: drafts only for their author, moderators and admins (404 for others)' })
  @ApiOk(PostV2ResourceData)
  @ApiErrors(PostsError, 'not_found')
  async get(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() viewer: AuthenticatedUser | null,
  ): Promise<PostV2ResourceData> {
    return { data: PostV2Presenter.resource(await this.posts.findVisible(id, viewer)) };
  }

  @Post()
  @ApiOperation({ summary: 'Write a post (published unless `published: false`)' })
  @ApiCreated(PostV2ResourceData, {
    get: { operation: 'PostsV2Controller_get_v2', parameters: { id: '$response.body#/data/id' } },
    update: { operation: 'PostsV2Controller_update_v2', parameters: { id: '$response.body#/data/id' } },
    remove: { operation: 'PostsV2Controller_remove_v2', parameters: { id: '$response.body#/data/id' } },
  })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreatePostDto,
  ): Promise<PostV2ResourceData> {
    return { data: PostV2Presenter.resource(await this.posts.create(user, body)) };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change your post (moderators and admins: any post)' })
  @ApiOk(PostV2ResourceData)
  @ApiErrors(PostsError, 'forbidden', 'not_found')
  async update(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: UpdatePostDto,
  ): Promise<PostV2ResourceData> {
    return { data: PostV2Presenter.resource(await this.posts.update(id, user, body)) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete your post (moderators and admins: any post)' })
  @ApiNoContent('Deleted')
  @ApiErrors(PostsError, 'forbidden', 'not_found')
  async remove(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.posts.remove(id, user);
  }
}
