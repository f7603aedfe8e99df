import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { JobFailure, type JobHandler } from './job-handler.js';

export const SEARCH_POSTS_KIND = 'search_posts';
export const SEARCH_RESULT_LIMIT = 20;
const QUERY_CANCELED = '57014';

export interface SearchPostsInput {
  query: string;
}

interface SearchHit {
  id: number;
  title: string;
  rank: number;
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

/**
 * Full-text search over published posts (English stemming, web-search syntax: quotes, OR, -word), best
 * matches first. The query runs under its own statement timeout so that one expensive search cannot hold a
 * database connection for long.
 */
@Injectable()
export class SearchPostsJob implements JobHandler {
  readonly kind = SEARCH_POSTS_KIND;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(input: Prisma.JsonValue): Promise<Prisma.InputJsonValue> {
    const { query } = input as unknown as SearchPostsInput;
    try {
      const posts = await this.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT set_config('statement_timeout', ${String(this.config.jobs.searchTimeoutMs)}, true)`;
        return tx.$queryRaw<SearchHit[]>`
          SELECT id, title,
                 ts_rank(to_tsvector('english', title || ' ' || body), websearch_to_tsquery('english', ${query})) AS rank
            FROM posts
           WHERE published
             AND to_tsvector('english', title || ' ' || body) @@ websearch_to_tsquery('english', ${query})
           ORDER BY rank DESC, id DESC
           LIMIT ${SEARCH_RESULT_LIMIT}`;
      });
      return { posts: posts.map((hit) => ({ id: hit.id, title: hit.title, rank: Number(hit.rank) })) };
    } catch (error) {
      if (hasPgCode(error, QUERY_CANCELED)) {
        throw new JobFailure('The search took too long; try a more specific query.', { cause: error });
      }
      throw new JobFailure('The search could not be completed.', { cause: error });
    }
  }
}
