import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ApiKeyPresenter } from './api-key.presenter.js';
import { ApiKeysService } from './api-keys.service.js';
import { CreateApiKeyDto } from './dto/create-api-key.dto.js';

@ApiTags('admin')
@Roles('admin')
@Controller('admin/api-keys')
export class AdminApiKeysController {
  constructor(
    private readonly apiKeys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  async create(@CurrentUser() admin: AuthenticatedUser, @Body() body: CreateApiKeyDto) {
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
  async list() {
    return {
      data: (await this.apiKeys.list()).map((key) => ApiKeyPresenter.present(key, this.defaultLimit)),
    };
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.apiKeys.revoke(id);
  }

  private get defaultLimit(): number {
    return this.config.rateLimits.apiKeyDefault;
  }
}
