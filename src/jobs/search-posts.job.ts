import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Prisma } from '../generated/prisma/client.js';
import { PostsService } from '../posts/posts.service.js';
import { JobFailure, type JobHandler } from './job-handler.js';

export const SEARCH_POSTS_KIND = 'search_posts';
export const SEARCH_RESULT_LIMIT = 20;
const QUERY_CANCELED = '57014';

export interface SearchPostsInput {
  query: string;
}

function hasPgCode(error: unknown, code: string): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: unknown };
    if (candidate.code === code || candidate.originalCode === code) return true;
    if (JSON.stringify(candidate.meta ?? null).includes(code)) return true;
    current = candidate.cause;
  }
  return false;
}

/** The `search_posts` job: the posts feature's full-text search, run off the request path, with a safe message. */
@Injectable()
export class SearchPostsJob implements JobHandler {
  readonly kind = SEARCH_POSTS_KIND;

  constructor(
    private readonly posts: PostsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(input: Prisma.JsonValue): Promise<Prisma.InputJsonValue> {
    const { query } = input as unknown as SearchPostsInput;
    try {
      const posts = await this.posts.searchPublished(query, {
        limit: SEARCH_RESULT_LIMIT,
        timeoutMs: this.config.jobs.searchTimeoutMs,
      });
      return { posts: posts.map((hit) => ({ id: hit.id, title: hit.title, rank: hit.rank })) };
    } catch (error) {
      if (hasPgCode(error, QUERY_CANCELED)) {
        throw new JobFailure('The search took too long; try a more specific query.', { cause: error });
      }
      throw new JobFailure('The search could not be completed.', { cause: error });
    }
  }
}
