import { ApiProperty } from '@nestjs/swagger';
import type { ModerationAction } from '../../generated/prisma/client.js';
import { MAX_INT4 } from '../../common/validation/ids.js';

const ACTIONS = ['hide', 'unhide', 'dismiss_reports'];

/** One audit-log entry: who did what to which content, when and why. */
export class ModerationActionView {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_INT4 })
  id!: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'The moderator or admin; null once their account is deleted.',
  })
  actor_id!: number | null;

  @ApiProperty({ enum: ACTIONS })
  action!: string;

  @ApiProperty({ enum: ['post', 'comment'] })
  target_type!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_INT4 })
  target_id!: number;

  @ApiProperty({ type: 'string', nullable: true })
  reason!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;
}

export class CursorMeta {
  @ApiProperty({ type: 'string', nullable: true, description: 'Opaque; null on the last page.' })
  next_cursor!: string | null;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100 })
  limit!: number;
}

export class ModerationLogView {
  @ApiProperty({ type: [ModerationActionView] })
  data!: ModerationActionView[];

  @ApiProperty({ type: CursorMeta })
  meta!: CursorMeta;
}

export const ModerationActionPresenter = {
  present: (action: ModerationAction): ModerationActionView => ({
    id: action.id,
    actor_id: action.actorId,
    action: action.action,
    target_type: action.targetType,
    target_id: action.targetId,
    reason: action.reason,
    created_at: action.createdAt.toISOString(),
  }),
};
