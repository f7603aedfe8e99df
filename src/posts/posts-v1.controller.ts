import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { ApiCreated, ApiNoContent, ApiOk } from '../common/openapi/api-success.decorator.js';
import { PostsError } from './posts.errors.js';
import { PageQuery, pageWindow, presentPage } from '../common/http/page.query.js';
import { CreatePostDto } from './dto/create-post.dto.js';
import { UpdatePostDto } from './dto/update-post.dto.js';
import { PostsService } from './posts.service.js';
import { PostV1, PostV1Presenter, PostV1SummaryPage } from './presenters/post-v1.presenter.js';

/** v1: flat resources and offset pagination with metadata. */
@ApiTags('posts v1')
@Controller({ path: 'posts', version: '1' })
export class PostsV1Controller {
  constructor(private readonly posts: PostsService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Published posts, newest first, one page at a time' })
  @ApiOk(PostV1SummaryPage)
  async list(@Query() query: PageQuery): Promise<PostV1SummaryPage> {
    const page = await this.posts.listPage(pageWindow(query));
    return presentPage(query, page, PostV1Presenter.listItem);
  }

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'A post: drafts only for their author, moderators and admins (404 for others)' })
  @ApiOk(PostV1)
  @ApiErrors(PostsError, 'not_found')
  async get(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() viewer: AuthenticatedUser | null,
  ): Promise<PostV1> {
    return PostV1Presenter.detail(await this.posts.findVisible(id, viewer));
  }

  @Post()
  @ApiOperation({ summary: 'Write a post (published unless `published: false`)' })
  @ApiCreated(PostV1, {
    get: { operation: 'PostsV1Controller_get_v1', parameters: { id: '$response.body#/id' } },
    update: { operation: 'PostsV1Controller_update_v1', parameters: { id: '$response.body#/id' } },
    remove: { operation: 'PostsV1Controller_remove_v1', parameters: { id: '$response.body#/id' } },
  })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreatePostDto): Promise<PostV1> {
    return PostV1Presenter.detail(await this.posts.create(user, body));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change your post (moderators and admins: any post)' })
  @ApiOk(PostV1)
  @ApiErrors(PostsError, 'forbidden', 'not_found')
  async update(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: UpdatePostDto,
  ): Promise<PostV1> {
    return PostV1Presenter.detail(await this.posts.update(id, user, body));
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
