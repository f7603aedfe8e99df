import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed local-disk URL allows: one method on one key until `expires`, with PUT's type and size. */
export interface SignedGrant {
  method: 'GET' | 'PUT';
  key: string;
  /** Unix seconds. */
  expires: number;
  /** PUT only: the Content-Type the body must be sent with. */
  contentType?: string;
  /** PUT only: the exact number of bytes the body must have. */
  size?: number;
}

export type GrantCheck = 'valid' | 'expired' | 'invalid';

/**
 * HMAC-SHA256 signatures for the URLs through which the API serves and accepts local-disk objects: the
 * local equivalent of S3's presigned URLs, so clients handle both drivers the same way.
 */
export class UrlSigner {
  constructor(private readonly secret: string) {}

  sign(grant: SignedGrant): string {
    return createHmac('sha256', this.secret).update(canonical(grant)).digest('base64url');
  }

  verify(grant: SignedGrant, signature: string | undefined, now = new Date()): GrantCheck {
    if (!signature || !Number.isSafeInteger(grant.expires)) return 'invalid';
    const expected = Buffer.from(this.sign(grant));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return grant.expires * 1000 < now.getTime() ? 'expired' : 'valid';
  }
}

function canonical(grant: SignedGrant): string {
  return [grant.method, grant.key, grant.expires, grant.contentType ?? '', grant.size ?? ''].join('\n');
}
