import { Controller, Get, Header, Headers, Param, Put, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { SkipEtag } from '../common/http/skip-etag.decorator.js';
import { LocalDiskStorage } from '../infra/storage/local-disk.storage.js';
import { ObjectStorage } from '../infra/storage/object-storage.js';
import { UploadsError } from './uploads.errors.js';

/**
 * With local-disk storage the API plays the object store: it serves files and accepts direct uploads at the
 * signed URLs LocalDiskStorage hands out (the signature is the credential, so the routes are public). With
 * S3 these routes do not exist (404).
 */
@ApiExcludeController()
@Public()
@Controller('uploads/files')
export class LocalFilesController {
  constructor(private readonly storage: ObjectStorage) {}

  @Get('*')
  @SkipEtag()
  @Header('cache-control', 'private, max-age=600')
  async download(
    @Param('*') key: string,
    @Query('expires') expires: string | undefined,
    @Query('signature') signature: string | undefined,
  ): Promise<StreamableFile> {
    const file = await this.local().openSigned(key, { expires, signature });
    return new StreamableFile(file.stream, {
      type: file.contentType,
      length: file.size,
      disposition: 'inline',
    });
  }

  @Put('*')
  async upload(
    @Param('*') key: string,
    @Query('expires') expires: string | undefined,
    @Query('size') size: string | undefined,
    @Query('signature') signature: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.local().receiveSigned(key, { expires, size, signature }, contentType, request.raw);
  }

  private local(): LocalDiskStorage {
    if (!(this.storage instanceof LocalDiskStorage)) throw new UploadsError('not_found', 'File not found.');
    return this.storage;
  }
}
