import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import { Public } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { PostsError } from './posts.errors.js';
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
      'a comment line every SSE_HEARTBEAT_MS. A replay never carries the content of a post that was deleted or ' +
      'unpublished since (only its post_deleted). One client address holds at most SSE_MAX_STREAMS_PER_IP open ' +
      'streams per instance (429 too_many_streams).',
  })
  @ApiProduces('text/event-stream')
  @ApiResponse({
    status: 200,
    description: 'A stream of events that lasts until the client leaves',
    schema: {
      type: 'string',
      example: 'id: 12\nevent: post_created\ndata: {"dom_id":"posts-42","post":{}}\n\n',
    },
  })
  @ApiErrors(PostsError, 'too_many_streams')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The id of the last event received: the stream resumes after it.',
    schema: { type: 'string' },
  })
  @ApiQuery({ name: 'last_event_id', required: false, description: 'For clients that cannot set headers.' })
  async events(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Headers('last-event-id') lastEventId?: string,
    @Query('last_event_id') lastEventIdQuery?: string,
  ): Promise<void> {
    const releaseSlot = this.stream.reserveSlot(request.ip);
    reply.hijack();
    reply.raw.writeHead(200, {
      ...(reply.getHeaders() as OutgoingHttpHeaders),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    await this.stream.serve(reply.raw, lastEventId ?? lastEventIdQuery, releaseSlot);
  }
}
