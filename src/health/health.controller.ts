import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { SkipEtag } from '../common/http/skip-etag.decorator.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { ApiOk } from '../common/openapi/api-success.decorator.js';
import { HealthError } from './health.errors.js';
import { HealthService } from './health.service.js';

export class LivenessResponse {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}

export class ReadinessResponse {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['ok'] },
    example: { database: 'ok', redis: 'ok' },
    description: 'Every dependency checked, by name.',
  })
  checks!: Record<string, 'ok'>;
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @SkipEtag()
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOk(LivenessResponse)
  live(): LivenessResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  @SkipEtag()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Readiness: every dependency answers (503 otherwise, so a load balancer stops routing here)',
  })
  @ApiOk(ReadinessResponse)
  @ApiErrors(HealthError, 'not_ready')
  ready(): Promise<ReadinessResponse> {
    return this.health.checkReadiness();
  }
}
