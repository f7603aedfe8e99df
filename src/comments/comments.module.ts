// Owns comments on posts (both API versions), their visibility rules and their live events.
import { Module } from '@nestjs/common';
import { PostsModule } from '../posts/posts.module.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { CommentBudgetGuard } from './comment-budget.guard.js';
import { CommentsV1Controller } from './comments-v1.controller.js';
import { CommentsV2Controller } from './comments-v2.controller.js';
import { CommentsRepository } from './comments.repository.js';
import { CommentsService } from './comments.service.js';

// Moderation works on comments through CommentsService (findVisible, setHidden), never on the table directly.
@Module({
  imports: [PostsModule, RateLimitModule],
  controllers: [CommentsV1Controller, CommentsV2Controller],
  providers: [CommentsRepository, CommentsService, CommentBudgetGuard],
  exports: [CommentsService],
})
export class CommentsModule {}
