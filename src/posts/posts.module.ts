// Owns posts and likes, in both API versions, the posts' counters, and the change events (post_events) and SSE
// stream of the post list and of public posts' comments.
import { Module } from '@nestjs/common';
import { RedisConnections } from '../infra/redis/redis-connections.js';
import { InProcessPostEventsBus } from './in-process.post-events-bus.js';
import { PostCommentsCounter } from './post-comments-counter.js';
import { PostEventsBus } from './post-events-bus.js';
import { PostEventsRecorder } from './post-events.recorder.js';
import { PostEventsController } from './post-events.controller.js';
import { PostEventsStream } from './post-events.stream.js';
import { PostLikesController } from './post-likes.controller.js';
import { PostsV1Controller } from './posts-v1.controller.js';
import { PostsV2Controller } from './posts-v2.controller.js';
import { PostsService } from './posts.service.js';
import { PostReads } from './post-reads.js';
import { RedisPostEventsBus } from './redis.post-events-bus.js';

// Knows nothing of sockets: changes leave through PostEventsBus.
@Module({
  controllers: [PostEventsController, PostsV1Controller, PostsV2Controller, PostLikesController],
  providers: [
    PostsService,
    PostReads,
    PostEventsStream,
    PostEventsRecorder,
    PostCommentsCounter,
    {
      provide: PostEventsBus,
      // With Redis, events from every instance reach every instance's sockets and SSE streams.
      useFactory: async (redis: RedisConnections) => {
        if (!redis.enabled) return new InProcessPostEventsBus();
        const bus = new RedisPostEventsBus(redis.client, redis.open('post-events'), redis.keyPrefix);
        await bus.ready();
        return bus;
      },
      inject: [RedisConnections],
    },
  ],
  exports: [PostsService, PostEventsBus, PostEventsRecorder, PostEventsStream, PostCommentsCounter],
})
export class PostsModule {}
