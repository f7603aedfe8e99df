import { Controller, Get, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { SkipEtag } from '../common/http/skip-etag.decorator.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Public()
@SkipEtag()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Liveness: the process answers. */
  @Get()
  @Header('cache-control', 'no-store')
  live() {
    return { status: 'ok' };
  }

  /** Readiness: every dependency answers (503 otherwise, so a load balancer stops routing here). */
  @Get('ready')
  @Header('cache-control', 'no-store')
  ready() {
    return this.health.checkReadiness();
  }
}
