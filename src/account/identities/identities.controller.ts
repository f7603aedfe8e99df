import { Controller, Delete, Get, Header, HttpCode, Param } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCookieAuth,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, PersonOnly } from '../../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { IdentitiesService } from './identities.service.js';
import { IdentityListResponse, IdentityPresenter } from './identity.presenter.js';

const API_KEY_FORBIDDEN = '`api_key_forbidden`: API keys cannot do this; sign in as a person';

/** The caller's linked sign-in providers. Linking is `GET /api/auth/{google,github}?intent=link` (OAuthController). */
@ApiTags('account')
@ApiCookieAuth()
@ApiBearerAuth()
@PersonOnly()
@ApiUnauthorizedResponse({ description: '`unauthenticated`: not signed in' })
@ApiForbiddenResponse({
  description: `${API_KEY_FORBIDDEN}; \`csrf_failed\` for a cross-site cookie request`,
})
@Controller('auth/identities')
export class IdentitiesController {
  constructor(private readonly identities: IdentitiesService) {}

  @Get()
  @Header('cache-control', 'private, no-cache')
  @ApiOperation({ summary: "The caller's linked providers (Google, GitHub), oldest link first" })
  @ApiOkResponse({ type: IdentityListResponse })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<IdentityListResponse> {
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
  @ApiParam({ name: 'provider', enum: ['google', 'github'] })
  @ApiNoContentResponse({ description: 'Unlinked' })
  @ApiNotFoundResponse({ description: '`identity_not_found`: no identity of that provider is linked' })
  @ApiConflictResponse({ description: '`last_sign_in_method`: the account would have no way to sign in' })
  async unlink(@CurrentUser() user: AuthenticatedUser, @Param('provider') provider: string): Promise<void> {
    await this.identities.unlink(user.id, provider);
  }
}
