import { ApiProperty } from '@nestjs/swagger';
import type { SessionSummary } from '../../auth/sessions.service.js';
import { ApiTimestampProperty } from '../../common/openapi/api-properties.js';

export class SessionResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiTimestampProperty({ description: 'When the session signed in' })
  created_at!: string;

  @ApiTimestampProperty({ description: 'When the session was last used (updated at most once a minute)' })
  last_seen_at!: string;

  @ApiProperty({ type: String, nullable: true, maxLength: 512, example: 'Mozilla/5.0 (X11; Linux x86_64)' })
  user_agent!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The network it signed in from: IPv4 /24 or IPv6 /48 (the full address is not stored)',
    example: '203.0.113.0/24',
  })
  ip_prefix!: string | null;

  @ApiProperty({ description: 'Whether this is the session making the request' })
  current!: boolean;

  static present(session: SessionSummary, currentSessionId: string | undefined): SessionResponse {
    return {
      id: session.id,
      created_at: session.createdAt.toISOString(),
      last_seen_at: session.lastSeenAt.toISOString(),
      user_agent: session.userAgent,
      ip_prefix: session.ipPrefix,
      current: session.id === currentSessionId,
    };
  }
}

export class SessionListResponse {
  @ApiProperty({ type: [SessionResponse] })
  data!: SessionResponse[];
}
