import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { ApiCreated, ApiNoContent, ApiOk } from '../common/openapi/api-success.decorator.js';
import { CreatePrivateTopicDto } from './dto/create-private-topic.dto.js';
import { PrivateTopicResponse, PrivateTopicResponseList } from './private-topic.response.js';
import { RealtimeError } from './realtime.errors.js';

// A topic in the path: a name that is not a topic at all is 400 invalid_topic; one that is not a private topic
// the caller belongs to, 404 (private topic names are not disclosed).
const TopicParam = () =>
  ApiParam({
    name: 'topic',
    schema: { type: 'string', pattern: '^(posts|(room|private):[A-Za-z0-9_-]{1,64})$' },
    example: 'private:q3H8dLx0aZ1bV7kP',
  });
const TOPIC_LINK = { topic: '$response.body#/topic' };
import { PrivateTopicsService } from './private-topics.service.js';

/** Membership of `private:<id>` socket topics: who may join them. */
@ApiTags('real-time')
@Controller('topics')
export class PrivateTopicsController {
  constructor(private readonly topics: PrivateTopicsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a private topic; the creator and the listed users are its members' })
  @ApiCreated(PrivateTopicResponse, {
    get: { operation: 'PrivateTopicsController_get', parameters: TOPIC_LINK },
    addMember: { operation: 'PrivateTopicsController_addMember', parameters: TOPIC_LINK },
    removeMember: { operation: 'PrivateTopicsController_removeMember', parameters: TOPIC_LINK },
  })
  @ApiErrors(RealtimeError, 'not_found')
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreatePrivateTopicDto,
  ): Promise<PrivateTopicResponse> {
    return this.topics.create(user, body.members ?? []);
  }

  @Get()
  @ApiOperation({ summary: 'The private topics I am a member of' })
  @ApiOk(PrivateTopicResponseList)
  async list(@CurrentUser() user: AuthenticatedUser): Promise<PrivateTopicResponseList> {
    return { data: await this.topics.listFor(user) };
  }

  @Get(':topic')
  @ApiOperation({ summary: 'A private topic I am a member of (admins: any)' })
  @TopicParam()
  @ApiOk(PrivateTopicResponse)
  @ApiErrors(RealtimeError, 'invalid_topic', 'not_found')
  get(@CurrentUser() user: AuthenticatedUser, @Param('topic') topic: string): Promise<PrivateTopicResponse> {
    return this.topics.get(user, topic);
  }

  @Put(':topic/members/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Add a member (members and admins)' })
  @TopicParam()
  @ApiNoContent('Added (or already a member)')
  @ApiErrors(RealtimeError, 'invalid_topic', 'not_found')
  async addMember(
    @CurrentUser() user: AuthenticatedUser,
    @Param('topic') topic: string,
    @Param('userId', ParseIdPipe) userId: number,
  ): Promise<void> {
    await this.topics.addMember(user, topic, userId);
  }

  @Delete(':topic/members/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (yourself, or anyone as admin); their sockets leave the topic' })
  @TopicParam()
  @ApiNoContent('Removed')
  @ApiErrors(RealtimeError, 'invalid_topic', 'forbidden', 'not_found')
  async removeMember(
    @CurrentUser() user: AuthenticatedUser,
    @Param('topic') topic: string,
    @Param('userId', ParseIdPipe) userId: number,
  ): Promise<void> {
    await this.topics.removeMember(user, topic, userId);
  }
}
