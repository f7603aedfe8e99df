// Owns account self-service for linked providers: listing and unlinking (the identities table is auth's).
import { Module } from '@nestjs/common';
import { IdentitiesController } from './identities.controller.js';
import { IdentitiesService } from './identities.service.js';

// AuthModule is global: OAuthIdentitiesRepository comes from its exports.
@Module({
  controllers: [IdentitiesController],
  providers: [IdentitiesService],
})
export class IdentitiesModule {}
