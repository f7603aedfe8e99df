import { Body, Controller, HttpCode, Post, Put, Req, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthError } from '../../auth/auth.errors.js';
import { CurrentUser, PersonOnly } from '../../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { RetryAfterInterceptor } from '../../auth/retry-after.interceptor.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { MessageResponse } from '../../common/openapi/api-properties.js';
import { ApiAccepted, ApiNoContent } from '../../common/openapi/api-success.decorator.js';
import { CredentialsError } from './credentials.errors.js';
import { ChangeEmailDto } from './dto/change-email.dto.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { EmailChangeService } from './email-change.service.js';
import { PasswordChangeService } from './password-change.service.js';

const EMAIL_CHANGE_ANSWER: MessageResponse = {
  message: 'If the address can be used, a confirmation link is on its way to it.',
};

/** The signed-in person's own credentials: password and email address. */
@ApiTags('account')
@Controller('auth')
@UseInterceptors(RetryAfterInterceptor)
export class CredentialsController {
  constructor(
    private readonly passwords: PasswordChangeService,
    private readonly emails: EmailChangeService,
  ) {}

  @Put('password')
  @HttpCode(204)
  @PersonOnly()
  @ApiOperation({
    summary: 'Change (or, for an OAuth-only account, set) the password',
    description:
      'The current password is checked under the sign-in brute-force limits. Then every other session, every ' +
      'refresh token, every access token issued before and every socket of the user end, on every instance; the ' +
      "caller's own cookie session stays signed in. A bearer caller's own tokens end too: it gets a new pair " +
      'with POST /api/auth/token and the new password. A notice is mailed to the account. An account without a ' +
      'password omits current_password and must call from a cookie session younger than 10 minutes.',
  })
  @ApiNoContent('Changed; every other sign-in of the user has ended')
  @ApiErrors(AuthError, 'invalid_credentials', 'rate_limited')
  @ApiErrors(CredentialsError, 'reauthentication_required')
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentUser() caller: AuthenticatedUser,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.passwords.change(
      { currentPassword: body.current_password, newPassword: body.new_password },
      { caller, request },
    );
  }

  @Post('email/change')
  @HttpCode(202)
  @PersonOnly()
  @ApiOperation({
    summary: 'Ask to change the email address: a confirmation link goes to the new address',
    description:
      'The address changes when POST /api/auth/email/confirm consumes the link (single use, expiring); the old ' +
      'address then gets a notice. The answer is the same whether or not the new address is taken (a taken ' +
      'address gets no link). Limited per account and address like confirmation resends. An account without a ' +
      'password omits `password` and must call from a cookie session younger than 10 minutes.',
  })
  @ApiAccepted(MessageResponse, 'The same answer whether or not the address is taken')
  @ApiErrors(AuthError, 'invalid_credentials', 'rate_limited')
  @ApiErrors(CredentialsError, 'reauthentication_required')
  async changeEmail(
    @Body() body: ChangeEmailDto,
    @CurrentUser() caller: AuthenticatedUser,
    @Req() request: FastifyRequest,
  ): Promise<MessageResponse> {
    await this.emails.requestChange(
      { newEmail: body.new_email, password: body.password },
      { caller, request },
    );
    return EMAIL_CHANGE_ANSWER;
  }
}
