import type { User } from '../generated/prisma/client.js';

/** A user as the API shows it (never the password hash). */
export function presentUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    display_name: user.displayName,
    created_at: user.createdAt.toISOString(),
  };
}

/** `GET /api/auth/me`: the user, and whether they confirmed their email address. */
export function presentCurrentUser(user: User) {
  return { ...presentUser(user), email_verified: user.emailVerifiedAt !== null };
}
