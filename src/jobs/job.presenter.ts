import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiIdProperty } from '../common/openapi/api-properties.js';
import type { Job } from '../generated/prisma/client.js';
import type { JobStatus } from '../generated/prisma/enums.js';

export class SearchHit {
  @ApiIdProperty()
  id!: number;

  @ApiProperty({ example: 'Hello, Hearth' })
  title!: string;

  @ApiProperty({ type: 'number', description: 'Relevance: higher is better.' })
  rank!: number;
}

export class SearchResult {
  @ApiProperty({ type: [SearchHit] })
  posts!: SearchHit[];
}

/** A background job: `result` once it is ok, `error` (a message for people) once it failed. */
export class JobResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ['loading', 'ok', 'error'], enumName: 'JobStatus' })
  status!: JobStatus;

  @ApiPropertyOptional({ type: SearchResult, description: 'Only when status is ok.' })
  result?: unknown;

  @ApiPropertyOptional({ type: String, description: 'Only when status is error.' })
  error?: string | null;
}

export const JobPresenter = {
  present: (job: Job): JobResponse => ({
    id: job.id,
    status: job.status,
    ...(job.status === 'ok' && { result: job.result }),
    ...(job.status === 'error' && { error: job.error }),
  }),
};
