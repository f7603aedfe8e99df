import { PostsError } from '../posts/posts.errors.js';
import { CommentsError } from './comments.errors.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiResponse,
  ApiSecurity,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

// The OpenAPI description of each comments operation, shared by the v1 and v2 controllers (only the body shape
// differs between versions, and each controller names its own response class).

const signedIn = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiCookieAuth(),
    ApiSecurity('api-key'),
    ApiUnauthorizedResponse({
      description: '`unauthenticated`/`missing_token`, `invalid_token`, `invalid_api_key`',
    }),
  );

export const ApiListComments = (type: Type<unknown>) =>
  applyDecorators(
    ApiErrors(PostsError, 'invalid_cursor'),
    ApiOperation({
      summary: "A post's comments, oldest first",
      description:
        'Anyone who can see the post (drafts and hidden posts: their author, moderators and admins). Replies ' +
        '(`parent_id` set) are listed in the same order. Hidden comments appear only to their author, moderators ' +
        'and admins. A deleted comment that has replies appears as `deleted: true` with `body` and `author_id` null.',
    }),
    ApiResponse({ status: 200, type, description: 'One page (strong ETag; 304 on If-None-Match)' }),
    ApiBadRequestResponse({ description: '`validation_failed` (paging parameters), `invalid_cursor`' }),
    ApiNotFoundResponse({ description: '`not_found`: no such post, or one the caller cannot see' }),
  );

export const ApiCreateComment = (type: Type<unknown>) =>
  applyDecorators(
    ApiOperation({
      summary: 'Comment on a post, or reply to a top-level comment',
      description:
        'Body 1–4000 characters. Each user may create COMMENT_CREATE_LIMIT comments per ' +
        'COMMENT_CREATE_WINDOW_SECONDS (default 30 per 10 minutes), on top of the request budgets.',
    }),
    signedIn(),
    ApiResponse({ status: 201, type, description: 'The comment, in this version’s shape' }),
    ApiBadRequestResponse({
      description: '`validation_failed`: body missing, empty or over 4000 characters',
    }),
    ApiNotFoundResponse({ description: '`not_found`: no such post, or one the caller cannot see' }),
    ApiUnprocessableEntityResponse({
      description: '`invalid_parent`: parent_id is not a visible top-level comment of this post',
    }),
    ApiTooManyRequestsResponse({
      description: '`rate_limited`: the comment budget or the request budget is spent',
    }),
  );

export const ApiUpdateComment = (type: Type<unknown>) =>
  applyDecorators(
    ApiOperation({
      summary: 'Edit a comment',
      description: 'The author only, within COMMENT_EDIT_WINDOW_SECONDS (default 15 minutes) of writing it.',
    }),
    signedIn(),
    ApiResponse({ status: 200, type, description: 'The edited comment' }),
    ApiBadRequestResponse({
      description: '`validation_failed`: body missing, empty or over 4000 characters',
    }),
    ApiForbiddenResponse({ description: '`forbidden` (not the author), `edit_window_closed`' }),
    ApiErrors(CommentsError, 'forbidden', 'edit_window_closed'),
    ApiNotFoundResponse({
      description: '`not_found`: no such comment, deleted, or one the caller cannot see',
    }),
  );

export const ApiDeleteComment = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Delete a comment',
      description:
        'The author, moderators and admins. A comment with replies stays as a placeholder (`deleted: true`).',
    }),
    signedIn(),
    ApiNoContentResponse({ description: 'Deleted' }),
    ApiForbiddenResponse({ description: '`forbidden`: neither the author nor a moderator or admin' }),
    ApiErrors(CommentsError, 'forbidden'),
    ApiNotFoundResponse({ description: '`not_found`: no such comment, already deleted, or not visible' }),
  );
