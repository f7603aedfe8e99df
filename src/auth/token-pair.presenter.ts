import { ApiProperty } from '@nestjs/swagger';
import { ApiIntegerProperty } from '../common/openapi/api-properties.js';
import type { TokenPair } from './auth.service.js';

/** An OAuth 2.0-style token response (RFC 6749 §5.1). */
export class TokenPairResponse {
  @ApiProperty({ description: 'A JWT for `Authorization: Bearer`.' })
  access_token!: string;

  @ApiProperty({ enum: ['Bearer'] })
  token_type!: 'Bearer';

  @ApiIntegerProperty(1, undefined, { description: 'Seconds until access_token expires.' })
  expires_in!: number;

  @ApiProperty({ description: 'Single use: POST /api/auth/token/refresh returns a new pair.' })
  refresh_token!: string;
}

/** A short-lived access token for the socket.io handshake. */
export class SocketTokenResponse {
  @ApiProperty()
  token!: string;

  @ApiIntegerProperty(1, undefined, { description: 'Seconds until the token expires.' })
  expires_in!: number;
}

export const TokenPairPresenter = {
  present: (pair: TokenPair): TokenPairResponse => ({
    access_token: pair.accessToken,
    token_type: 'Bearer',
    expires_in: pair.expiresIn,
    refresh_token: pair.refreshToken,
  }),
};
