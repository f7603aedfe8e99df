import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Inject,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { CurrentUser, PersonOnly } from '../../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { RetryAfterInterceptor } from '../../auth/retry-after.interceptor.js';
import { clearSessionCookie } from '../../auth/session-cookie.js';
import { SkipEtag } from '../../common/http/skip-etag.decorator.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { ApiNoContent, ApiOk } from '../../common/openapi/api-success.decorator.js';
import { AccountExportResponse } from './account-export.response.js';
import { AuthError } from '../../auth/auth.errors.js';
import { LifecycleError } from './lifecycle.errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AccountDeletionService } from './account-deletion.service.js';
import { AccountExportService } from './account-export.service.js';
import { DeleteAccountDto } from './dto/delete-account.dto.js';

/** Deleting and exporting the caller's own account. */
@ApiTags('account')
@PersonOnly()
@UseInterceptors(RetryAfterInterceptor)
@Controller('auth/account')
export class AccountController {
  constructor(
    private readonly deletion: AccountDeletionService,
    private readonly exporter: AccountExportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete the caller’s account',
    description:
      'Needs the current password, or for an account without one a cookie session that signed in within 10 ' +
      'minutes. Deletes the user, their sessions, tokens, identities, API keys, posts (each published one ' +
      'announced as `post_deleted`; earlier post events with their content are deleted), comments, likes, cart, ' +
      'uploads (rows and stored objects), jobs and topic memberships, and disconnects every socket of the user ' +
      '(their presence ends with them). Paid and pending orders are kept for accounting with the user reference ' +
      'removed; failed orders are deleted. See README "Account self-service".',
  })
  @ApiBody({ type: DeleteAccountDto, required: false })
  @ApiNoContent('Deleted; the session cookie is cleared')
  @ApiErrors(AuthError, 'invalid_credentials', 'last_admin', 'rate_limited')
  @ApiErrors(LifecycleError, 'reauthentication_required')
  async delete(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: DeleteAccountDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.deletion.delete(user, body.password, { caller: user, request });
    clearSessionCookie(reply, this.config.auth);
  }

  @Get('export')
  @SkipEtag()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Everything Hearth stores about the caller, as one streamed JSON document',
    description:
      'Sections: `profile` (with `has_password`), `identities`, `sessions`, `api_keys` (by prefix), `cart`, ' +
      '`topic_memberships`, `posts`, `comments`, `likes`, `uploads` (metadata), `orders` (with items), `jobs`. ' +
      'Never a password hash, token, token hash or key.',
  })
  @ApiProduces('application/json')
  @ApiOk(AccountExportResponse, 'The export document (`Content-Disposition: attachment`), streamed')
  async export(
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    const document = await this.exporter.open(user.id);
    reply.header('content-type', 'application/json; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="hearth-account-${user.id}.json"`);
    return Readable.from(document);
  }
}
