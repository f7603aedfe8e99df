import { Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { PostsService } from './posts.service.js';

/** Likes look the same in both versions, so one controller serves both. */
@ApiTags('posts v1', 'posts v2')
@Controller({ path: 'posts/:id/like', version: ['1', '2'] })
export class PostLikesController {
  constructor(private readonly posts: PostsService) {}

  @Post()
  @HttpCode(200)
  like(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: AuthenticatedUser) {
    return this.posts.like(id, user);
  }

  @Delete()
  @HttpCode(200)
  unlike(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: AuthenticatedUser) {
    return this.posts.unlike(id, user);
  }
}
