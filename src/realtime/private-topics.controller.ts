import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { CreatePrivateTopicDto } from './dto/create-private-topic.dto.js';
import { PrivateTopicsService } from './private-topics.service.js';

/** Membership of `private:<id>` socket topics: who may join them. */
@ApiTags('real-time')
@Controller('topics')
export class PrivateTopicsController {
  constructor(private readonly topics: PrivateTopicsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a private topic; the creator and the listed users are its members' })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreatePrivateTopicDto) {
    return this.topics.create(user, body.members ?? []);
  }

  @Get()
  @ApiOperation({ summary: 'The private topics I am a member of' })
  async list(@CurrentUser() user: AuthenticatedUser) {
    return { data: await this.topics.listFor(user) };
  }

  @Get(':topic')
  get(@CurrentUser() user: AuthenticatedUser, @Param('topic') topic: string) {
    return this.topics.get(user, topic);
  }

  @Put(':topic/members/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Add a member (members and admins)' })
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
  async removeMember(
    @CurrentUser() user: AuthenticatedUser,
    @Param('topic') topic: string,
    @Param('userId', ParseIdPipe) userId: number,
  ): Promise<void> {
    await this.topics.removeMember(user, topic, userId);
  }
}
