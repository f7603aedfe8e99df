import type { User } from '../generated/prisma/client.js';

/** The signed-in user as the API shows it (never the password hash). */
export function presentUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    display_name: user.displayName,
    created_at: user.createdAt.toISOString(),
  };
}
