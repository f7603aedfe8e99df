// Owns moderation: hiding posts and comments, the audit log (moderation_actions) and users' reports (with their budget).
import { Module } from '@nestjs/common';
import { CommentsModule } from '../comments/comments.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { ModerationReportsController } from './moderation-reports.controller.js';
import { ModerationController } from './moderation.controller.js';
import { ModerationRepository } from './moderation.repository.js';
import { ModerationService } from './moderation.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [PostsModule, CommentsModule, RateLimitModule],
  controllers: [ModerationController, ModerationReportsController, ReportsController],
  providers: [ModerationRepository, ModerationService, ReportsService],
})
export class ModerationModule {}
