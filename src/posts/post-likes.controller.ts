import { Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { ApiIntegerProperty } from '../common/openapi/api-properties.js';
import { ApiOk } from '../common/openapi/api-success.decorator.js';
import { PostsError } from './posts.errors.js';
import { PostsService } from './posts.service.js';

/** A post's like count, and whether the caller now likes it. */
export class PostLikeResponse {
  @ApiIntegerProperty(0)
  likes!: number;

  @ApiProperty()
  liked!: boolean;
}

/** Likes look the same in both versions, so one controller serves both. */
@ApiTags('posts v1', 'posts v2')
@Controller({ path: 'posts/:id/like', version: ['1', '2'] })
export class PostLikesController {
  constructor(private readonly posts: PostsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Like a post (idempotent)' })
  @ApiOk(PostLikeResponse)
  @ApiErrors(PostsError, 'not_found')
  like(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<PostLikeResponse> {
    return this.posts.like(id, user);
  }

  @Delete()
  @HttpCode(200)
  @ApiOperation({ summary: 'Take back a like (idempotent)' })
  @ApiOk(PostLikeResponse)
  @ApiErrors(PostsError, 'not_found')
  unlike(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<PostLikeResponse> {
    return this.posts.unlike(id, user);
  }
}
