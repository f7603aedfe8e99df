import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, PersonOnly } from '../../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { ApiNoContent, ApiOk } from '../../common/openapi/api-success.decorator.js';
import { IdentitiesError } from './identities.errors.js';
import { IdentitiesService } from './identities.service.js';
import { IdentityPresenter, IdentityResponseList } from './identity.presenter.js';

/** The caller's linked sign-in providers. Linking is `GET /api/auth/{google,github}?intent=link` (OAuthController). */
@ApiTags('account')
@PersonOnly()
@Controller('auth/identities')
export class IdentitiesController {
  constructor(private readonly identities: IdentitiesService) {}

  @Get()
  @ApiOperation({ summary: "The caller's linked providers (Google, GitHub), oldest link first" })
  @ApiOk(IdentityResponseList)
  async list(@CurrentUser() user: AuthenticatedUser): Promise<IdentityResponseList> {
    const identities = await this.identities.list(user.id);
    return { data: identities.map(IdentityPresenter.present) };
  }

  @Delete(':provider')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Unlink a provider from the caller',
    description:
      'Refused with 409 `last_sign_in_method` when it is the last way to sign in (no password, no other provider).',
  })
  @ApiParam({ name: 'provider', schema: { type: 'string', enum: ['google', 'github'] } })
  @ApiNoContent('Unlinked')
  @ApiErrors(IdentitiesError, 'identity_not_found', 'last_sign_in_method')
  async unlink(@CurrentUser() user: AuthenticatedUser, @Param('provider') provider: string): Promise<void> {
    await this.identities.unlink(user.id, provider);
  }
}
