import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import { Public } from '../auth/auth.decorators.js';
import { PostEventsStream } from './post-events.stream.js';

@ApiTags('posts v2')
@Controller({ path: 'posts', version: '2' })
export class PostEventsController {
  constructor(private readonly stream: PostEventsStream) {}

  @Public()
  @Get('events')
  @ApiOperation({
    summary: 'Live post changes (Server-Sent Events)',
    description:
      'Events `post_created`, `post_updated`, `post_deleted` with id (resume with Last-Event-ID) and data ' +
      '`{"dom_id":"posts-<id>","post":<v2 attributes or null>}`; `reset` when a resume gap cannot be replayed; ' +
      'a comment line every SSE_HEARTBEAT_MS.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false })
  @ApiQuery({ name: 'last_event_id', required: false, description: 'For clients that cannot set headers.' })
  async events(
    @Res() reply: FastifyReply,
    @Headers('last-event-id') lastEventId?: string,
    @Query('last_event_id') lastEventIdQuery?: string,
  ): Promise<void> {
    reply.hijack();
    reply.raw.writeHead(200, {
      ...(reply.getHeaders() as OutgoingHttpHeaders),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    await this.stream.serve(reply.raw, lastEventId ?? lastEventIdQuery);
  }
}
