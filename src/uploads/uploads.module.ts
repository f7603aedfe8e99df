// Owns uploads (rows and objects) and, with local-disk storage, the routes that serve and take files.
import { Module } from '@nestjs/common';
import { StorageModule } from '../infra/storage/storage.module.js';
import { LocalFilesController } from './local-files.controller.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsService } from './uploads.service.js';

// Storage itself (which adapter, how it talks) belongs to StorageModule.
@Module({
  imports: [StorageModule],
  controllers: [LocalFilesController, UploadsController],
  providers: [UploadsService],
  exports: [UploadsService],
})
export class UploadsModule {}
