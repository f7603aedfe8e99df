import { Body, Controller, HttpCode, Post, Put, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, PersonOnly } from '../../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { RetryAfterInterceptor } from '../../auth/retry-after.interceptor.js';
import { ChangeEmailDto } from './dto/change-email.dto.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { EmailChangeAcceptedResponse } from './email-change-accepted.response.js';
import { EmailChangeService } from './email-change.service.js';
import { PasswordChangeService } from './password-change.service.js';

const API_KEY_FORBIDDEN = 'api_key_forbidden: API keys cannot do this; sign in as a person';
const PROOF_REFUSALS =
  'invalid_credentials: the password is wrong (counted like a sign-in attempt); unauthenticated: not signed in';
const REAUTHENTICATION =
  'reauthentication_required: the password was not given, or (for an account without one) the caller is not a ' +
  `cookie session younger than 10 minutes; csrf_failed: a cookie request from a foreign origin; ${API_KEY_FORBIDDEN}`;
const LIMITED =
  'rate_limited: too many wrong passwords (as for sign-in) or too many requests, with Retry-After';

/** The signed-in person's own credentials: password and email address. */
@ApiTags('account')
@ApiCookieAuth()
@ApiBearerAuth()
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
  @ApiNoContentResponse({ description: 'Changed; every other sign-in has ended' })
  @ApiBadRequestResponse({
    description: 'validation_failed (details list each bad field)',
  })
  @ApiUnauthorizedResponse({ description: PROOF_REFUSALS })
  @ApiForbiddenResponse({ description: REAUTHENTICATION })
  @ApiTooManyRequestsResponse({ description: LIMITED })
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
  @ApiAcceptedResponse({
    type: EmailChangeAcceptedResponse,
    description: 'The same answer whether or not the address is taken',
  })
  @ApiBadRequestResponse({
    description: 'validation_failed (details list each bad field)',
  })
  @ApiUnauthorizedResponse({ description: PROOF_REFUSALS })
  @ApiForbiddenResponse({ description: REAUTHENTICATION })
  @ApiTooManyRequestsResponse({ description: LIMITED })
  async changeEmail(
    @Body() body: ChangeEmailDto,
    @CurrentUser() caller: AuthenticatedUser,
    @Req() request: FastifyRequest,
  ): Promise<EmailChangeAcceptedResponse> {
    await this.emails.requestChange(
      { newEmail: body.new_email, password: body.password },
      { caller, request },
    );
    return EmailChangeAcceptedResponse.ANSWER;
  }
}
