import {
  Controller,
  DefaultValuePipe,
  Get,
  NotFoundException,
  Param,
  ParseIntPipe,
  Query,
} from '@nestjs/common';
import type { Post } from '../../src/generated/prisma/client.js';
import { PrismaService } from './prisma.service.js';

// What a team writes from the Nest docs: controllers calling Prisma directly, built-in pipes, Nest's exceptions.
// The JSON is Hearth's, byte for byte (the scenario checks it before measuring).

const excerpt = (body: string) => Array.from(body).slice(0, 100).join('');

@Controller({ path: 'posts', version: '1' })
export class PostsV1Controller {
  constructor(private readonly prisma: PrismaService) {}

  @Get()
  async list(
    @Query('page', new DefaultValuePipe(1), ParseIntPipe) page: number,
    @Query('page_size', new DefaultValuePipe(20), ParseIntPipe) pageSize: number,
  ) {
    const where = { published: true };
    const [posts, total] = await Promise.all([
      this.prisma.post.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
      this.prisma.post.count({ where }),
    ]);
    return {
      data: posts.map((post) => ({ id: post.id, title: post.title, excerpt: excerpt(post.body) })),
      metadata: {
        page_number: page,
        page_size: pageSize,
        total_entries: total,
        total_pages: Math.ceil(total / pageSize),
      },
    };
  }
}

@Controller({ path: 'posts', version: '2' })
export class PostsV2Controller {
  constructor(private readonly prisma: PrismaService) {}

  @Get(':id')
  async get(@Param('id', ParseIntPipe) id: number) {
    const post = await this.prisma.post.findUnique({ where: { id } });
    if (!post || !post.published) throw new NotFoundException();
    return { data: resource(post) };
  }
}

function resource(post: Post) {
  return {
    type: 'post',
    id: String(post.id),
    attributes: {
      title: post.title,
      body: post.body,
      likes: post.likesCount,
      comments_count: post.commentsCount,
      published: post.published,
      created_at: post.createdAt.toISOString(),
      updated_at: post.updatedAt.toISOString(),
    },
  };
}
