import type { Role } from '../generated/prisma/enums.js';

/** Who is making a request, however they proved it. Services receive this, never a request object. */
export interface AuthenticatedUser {
  id: number;
  email: string;
  role: Role;
  via: 'session' | 'bearer' | 'api_key';
  sessionId?: string;
  apiKeyId?: number;
  /** Requests per rate-limit window allowed to this API key (its override, else the default). */
  apiKeyRateLimit?: number;
}

/** Admin passes every role check; otherwise the user's role must be one of the required ones. */
export function hasAnyRole(user: Pick<AuthenticatedUser, 'role'>, required: readonly Role[]): boolean {
  return user.role === 'admin' || required.length === 0 || required.includes(user.role);
}

/** Owners may act on their own resources; moderators and admins on anyone's. */
export function isOwnerOrModerator(user: Pick<AuthenticatedUser, 'id' | 'role'>, ownerId: number): boolean {
  return user.id === ownerId || user.role === 'moderator' || user.role === 'admin';
}
