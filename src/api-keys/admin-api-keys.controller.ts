import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, PersonOnly, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { ApiCreated, ApiNoContent, ApiOk } from '../common/openapi/api-success.decorator.js';
import { ApiKeyPresenter, ApiKeyResponseList, CreatedApiKeyResponse } from './api-key.presenter.js';
import { ApiKeysError } from './api-keys.errors.js';
import { ApiKeysService } from './api-keys.service.js';
import { CreateApiKeyDto } from './dto/create-api-key.dto.js';

@ApiTags('admin')
@Roles('admin')
@PersonOnly()
@Controller('admin/api-keys')
export class AdminApiKeysController {
  constructor(
    private readonly apiKeys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Issue an API key (admin); the key is shown only in this answer' })
  @ApiCreated(CreatedApiKeyResponse, {
    revoke: { operation: 'AdminApiKeysController_revoke', parameters: { id: '$response.body#/id' } },
  })
  @ApiErrors(ApiKeysError, 'unknown_user')
  async create(
    @CurrentUser() admin: AuthenticatedUser,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyResponse> {
    const { record, key } = await this.apiKeys.create(admin, {
      name: body.name,
      userId: body.user_id,
      rateLimitPerHour: body.rate_limit_per_hour,
    });
    const { id, name, prefix, rate_limit_per_hour, created_at } = ApiKeyPresenter.present(
      record,
      this.defaultLimit,
    );
    return { id, name, key, prefix, rate_limit_per_hour, created_at };
  }

  @Get()
  @ApiOperation({ summary: 'Every API key, without its secret (admin)' })
  @ApiOk(ApiKeyResponseList)
  async list(): Promise<ApiKeyResponseList> {
    return {
      data: (await this.apiKeys.list()).map((key) => ApiKeyPresenter.present(key, this.defaultLimit)),
    };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key (admin)' })
  @ApiNoContent('Revoked: the key stops working at once')
  @ApiErrors(ApiKeysError, 'not_found')
  async revoke(@Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.apiKeys.revoke(id);
  }

  private get defaultLimit(): number {
    return this.config.rateLimits.apiKeyDefault;
  }
}
