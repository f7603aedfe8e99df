// Owns nothing itself: the root module that puts every feature and the global filter and pipe together.
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuthModule } from './auth/auth.module.js';
import { CredentialsModule } from './account/credentials/credentials.module.js';
import { AccountSessionsModule } from './account/sessions/account-sessions.module.js';
import { AdminModule } from './admin/admin.module.js';
import { ApiKeysModule } from './api-keys/api-keys.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { HealthModule } from './health/health.module.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { CommentsModule } from './comments/comments.module.js';
import { PostsModule } from './posts/posts.module.js';
import { ModerationModule } from './moderation/moderation.module.js';
import { UploadsModule } from './uploads/uploads.module.js';
import { ShopModule } from './shop/shop.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { RedisModule } from './infra/redis/redis.module.js';
import { MetricsModule } from './infra/metrics/metrics.module.js';
import { TracingModule } from './common/tracing/tracing.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { IdentitiesModule } from './account/identities/identities.module.js';
import { LifecycleModule } from './account/lifecycle/lifecycle.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        HealthModule,
        RedisModule,
        MetricsModule,
        TracingModule,
        // Before AuthModule: its global guard must run before the AuthGuard (see RateLimitModule).
        RateLimitModule,
        AuthModule,
        CredentialsModule,
        AccountSessionsModule,
        ApiKeysModule,
        AdminModule,
        PostsModule,
        CommentsModule,
        ModerationModule,
        UploadsModule,
        ShopModule,
        JobsModule,
        RealtimeModule,
        IdentitiesModule,
        LifecycleModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
