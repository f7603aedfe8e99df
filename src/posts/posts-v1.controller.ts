import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { PageQuery, pageWindow, presentPage } from '../common/http/page.query.js';
import { CreatePostDto } from './dto/create-post.dto.js';
import { UpdatePostDto } from './dto/update-post.dto.js';
import { PostsService } from './posts.service.js';
import { PostV1Presenter } from './presenters/post-v1.presenter.js';

/** v1: flat resources and offset pagination with metadata. */
@ApiTags('posts v1')
@Controller({ path: 'posts', version: '1' })
export class PostsV1Controller {
  constructor(private readonly posts: PostsService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Published posts, newest first, one page at a time' })
  async list(@Query() query: PageQuery) {
    const page = await this.posts.listPage(pageWindow(query));
    return presentPage(query, page, PostV1Presenter.listItem);
  }

  @Public()
  @Get(':id')
  async get(@Param('id', ParseIdPipe) id: number, @CurrentUser() viewer: AuthenticatedUser | null) {
    return PostV1Presenter.detail(await this.posts.findVisible(id, viewer));
  }

  @Post()
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreatePostDto) {
    return PostV1Presenter.detail(await this.posts.create(user, body));
  }

  @Patch(':id')
  async update(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: UpdatePostDto,
  ) {
    return PostV1Presenter.detail(await this.posts.update(id, user, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.posts.remove(id, user);
  }
}
