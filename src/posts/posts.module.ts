import { Module } from '@nestjs/common';
import { InProcessPostEventsBus, PostEventsBus } from './post-events.js';
import { PostLikesController } from './post-likes.controller.js';
import { PostsV1Controller } from './posts-v1.controller.js';
import { PostsV2Controller } from './posts-v2.controller.js';
import { PostsService } from './posts.service.js';

// Owns posts and likes, in both API versions. Knows nothing of sockets: changes leave through PostEventsBus.
@Module({
  controllers: [PostsV1Controller, PostsV2Controller, PostLikesController],
  providers: [PostsService, { provide: PostEventsBus, useClass: InProcessPostEventsBus }],
  exports: [PostsService, PostEventsBus],
})
export class PostsModule {}
