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
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { invalidFields } from '../common/errors/common.errors.js';
import { PageQuery, pageWindow, presentPage } from '../common/http/page.query.js';
import { PresignUploadDto } from './dto/presign-upload.dto.js';
import { multipartFiles } from './multipart-files.js';
import { UploadPresenter } from './upload.presenter.js';
import { UploadsService } from './uploads.service.js';

const UploadId = () =>
  new ParseUUIDPipe({
    exceptionFactory: () => invalidFields([{ field: 'id', message: 'id must be a UUID' }]),
  });

@ApiTags('uploads')
@Controller('uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post()
  @ApiOperation({ summary: 'Upload up to 5 JPEG/PNG images of at most 10 MB each (all or none are stored)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['files'],
      properties: { files: { type: 'array', items: { type: 'string', format: 'binary' }, maxItems: 5 } },
    },
  })
  async upload(@CurrentUser() user: AuthenticatedUser, @Req() request: FastifyRequest) {
    const uploads = await this.uploads.uploadFiles(user, multipartFiles(request));
    return { data: uploads.map(UploadPresenter.present) };
  }

  @Post('presign')
  @ApiOperation({ summary: 'Get a URL to PUT one image directly to storage; then call complete' })
  async presign(@CurrentUser() user: AuthenticatedUser, @Body() body: PresignUploadDto) {
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
  async complete(@CurrentUser() user: AuthenticatedUser, @Param('id', UploadId()) id: string) {
    return { data: UploadPresenter.present(await this.uploads.complete(user, id)) };
  }

  @Get()
  @ApiOperation({ summary: 'Your uploads, newest first' })
  async list(@CurrentUser() user: AuthenticatedUser, @Query() query: PageQuery) {
    const page = await this.uploads.list(user, pageWindow(query));
    return presentPage(query, page, UploadPresenter.present);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one of your uploads and its file' })
  async remove(@CurrentUser() user: AuthenticatedUser, @Param('id', UploadId()) id: string): Promise<void> {
    await this.uploads.remove(user, id);
  }
}
