import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { invalidFields } from '../common/errors/common.errors.js';
import { AcceptsBodyTypes } from '../common/http/accepted-body-types.js';
import { PageQuery, pageWindow, presentPage } from '../common/http/page.query.js';
import { PresignUploadDto } from './dto/presign-upload.dto.js';
import { multipartFiles } from './multipart-files.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { ApiCreated, ApiNoContent, ApiOk } from '../common/openapi/api-success.decorator.js';
import {
  PresignedUploadResponse,
  UploadPresenter,
  UploadResponseData,
  UploadResponseList,
  UploadResponsePage,
} from './upload.presenter.js';
import { UploadsError } from './uploads.errors.js';
import { StorageError } from '../infra/storage/storage.errors.js';
import { UploadsService } from './uploads.service.js';

const UploadIdParam = () => ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } });

const UploadId = () =>
  new ParseUUIDPipe({
    exceptionFactory: () => invalidFields([{ field: 'id', message: 'id must be a UUID' }]),
  });

@ApiTags('uploads')
@ApiErrors(StorageError, 'storage_unavailable')
@Controller('uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post()
  @AcceptsBodyTypes('multipart/form-data')
  @ApiPayloadTooLargeResponse({
    description:
      '`too_many_files`, `file_too_large`, or `storage_quota_exceeded` (details: quota_bytes, used_bytes) ' +
      'when the files would take the user over STORAGE_QUOTA_BYTES_PER_USER',
  })
  @ApiOperation({ summary: 'Upload up to 5 JPEG/PNG images of at most 10 MB each (all or none are stored)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['files'],
      properties: { files: { type: 'array', items: { type: 'string', format: 'binary' }, maxItems: 5 } },
    },
  })
  @ApiCreated(UploadResponseList, {
    remove: { operation: 'UploadsController_remove', parameters: { id: '$response.body#/data/0/id' } },
  })
  @ApiErrors(
    UploadsError,
    'malformed_multipart',
    'file_too_large',
    'too_many_files',
    'too_many_parts',
    'storage_quota_exceeded',
    'unsupported_media_type',
  )
  async upload(
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: FastifyRequest,
  ): Promise<UploadResponseList> {
    const uploads = await this.uploads.uploadFiles(user, multipartFiles(request));
    return { data: uploads.map(UploadPresenter.present) };
  }

  @Post('presign')
  @ApiOperation({
    summary: 'Get a URL to PUT one image directly to storage; then call complete',
    description:
      'The URL accepts one upload: after complete, a PUT to it is refused (local disk) or its object is ' +
      'swept once the URL expires (S3). The declared size counts in the storage quota from now on.',
  })
  @ApiPayloadTooLargeResponse({
    description: '`file_too_large`, or `storage_quota_exceeded` (details: quota_bytes, used_bytes)',
  })
  @ApiCreated(PresignedUploadResponse, {
    complete: { operation: 'UploadsController_complete', parameters: { id: '$response.body#/upload_id' } },
  })
  @ApiErrors(UploadsError, 'file_too_large', 'storage_quota_exceeded', 'unsupported_media_type')
  async presign(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: PresignUploadDto,
  ): Promise<PresignedUploadResponse> {
    const { upload, target } = await this.uploads.presign(user, {
      filename: body.filename,
      contentType: body.content_type,
      size: body.size,
    });
    return UploadPresenter.presigned(upload, target);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a direct upload (size, real image type) and record it' })
  @UploadIdParam()
  @ApiCreated(
    UploadResponseData,
    {
      remove: { operation: 'UploadsController_remove', parameters: { id: '$response.body#/data/id' } },
    },
    200,
  )
  @ApiErrors(
    UploadsError,
    'not_found',
    'size_mismatch',
    'upload_expired',
    'upload_missing',
    'unsupported_media_type',
    'file_too_large',
    'storage_quota_exceeded',
  )
  async complete(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', UploadId()) id: string,
  ): Promise<UploadResponseData> {
    return { data: UploadPresenter.present(await this.uploads.complete(user, id)) };
  }

  @Get()
  @ApiOperation({ summary: 'Your uploads, newest first' })
  @ApiOk(UploadResponsePage)
  async list(@CurrentUser() user: AuthenticatedUser, @Query() query: PageQuery): Promise<UploadResponsePage> {
    const page = await this.uploads.list(user, pageWindow(query));
    return presentPage(query, page, UploadPresenter.present);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one of your uploads and its file' })
  @UploadIdParam()
  @ApiNoContent('Deleted')
  @ApiErrors(UploadsError, 'not_found')
  async remove(@CurrentUser() user: AuthenticatedUser, @Param('id', UploadId()) id: string): Promise<void> {
    await this.uploads.remove(user, id);
  }
}
