import { Injectable, type PipeTransform } from '@nestjs/common';
import { CommonError, invalidFields } from '../errors/common.errors.js';

// Ids are PostgreSQL int4: a larger one names no row, and must not reach a query (Prisma refuses it: a 500).
const MAX_INT4 = 2_147_483_647;

/** Integer path ids. Non-numeric → 400; numerically huge ids parse and then simply find nothing (404). */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{1,15}$/.test(value)) {
      throw invalidFields([{ field: 'id', message: 'id must be a positive integer' }]);
    }
    const id = Number(value);
    if (id > MAX_INT4) throw new CommonError('not_found', 'Resource not found.');
    return id;
  }
}
