import { applyDecorators, type Type } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import {
  ApiCreated,
  ApiNoContent,
  ApiOk,
  type ResourceLink,
} from '../common/openapi/api-success.decorator.js';
import { CommentsError } from './comments.errors.js';

// The OpenAPI description of each comments operation, shared by the v1 and v2 controllers (only the body shape
// differs between versions). Security, validation and request-budget errors come from the document itself.

export const ApiListComments = (type: Type<unknown>) =>
  applyDecorators(
    ApiOperation({
      summary: "A post's comments, oldest first",
      description:
        'Anyone who can see the post (drafts: their author, moderators and admins). Replies (`parent_id` set) are ' +
        'listed in the same order. Hidden comments appear only to their author, moderators and admins. A deleted ' +
        'comment that has replies appears as `deleted: true` with `body` and `author_id` null.',
    }),
    ApiOk(type),
    ApiErrors(CommentsError, 'not_found'),
  );

export const ApiCreateComment = (type: Type<unknown>, links: Record<string, ResourceLink>) =>
  applyDecorators(
    ApiOperation({
      summary: 'Comment on a post, or reply to one of its top-level comments',
      description:
        'Body 1–4000 characters. Each user may create COMMENT_CREATE_LIMIT comments per ' +
        'COMMENT_CREATE_WINDOW_SECONDS (default 30 per 10 minutes), on top of the request budgets ' +
        '(429 `rate_limited` with `details.budget: "comments"` and Retry-After).',
    }),
    ApiCreated(type, links),
    ApiErrors(CommentsError, 'not_found', 'invalid_parent', 'rate_limited'),
  );

export const ApiUpdateComment = (type: Type<unknown>) =>
  applyDecorators(
    ApiOperation({
      summary: 'Edit your comment',
      description: 'The author only, within COMMENT_EDIT_WINDOW_SECONDS (default 15 minutes) of writing it.',
    }),
    ApiOk(type),
    ApiErrors(CommentsError, 'forbidden', 'edit_window_closed', 'not_found'),
  );

export const ApiDeleteComment = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Delete a comment (the author, moderators and admins)',
      description:
        'A comment with replies stays as a placeholder (`deleted: true`) until its last reply is deleted.',
    }),
    ApiNoContent('Deleted'),
    ApiErrors(CommentsError, 'forbidden', 'not_found'),
  );
