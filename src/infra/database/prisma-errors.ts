import { Prisma } from '../../generated/prisma/client.js';

/** A unique constraint refused the write (Prisma's P2002): the row it would duplicate exists. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** The row an update or delete named is gone (Prisma's P2025), e.g. deleted by a concurrent request. */
export function isRecordNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025';
}
