import type { User } from '../generated/prisma/client.js';

export const UserPresenter = {
  /** A user as the API shows it (never the password hash). */
  present: (user: User) => ({
    id: user.id,
    email: user.email,
    role: user.role,
    display_name: user.displayName,
    created_at: user.createdAt.toISOString(),
  }),
};
