import { Injectable, type PipeTransform } from '@nestjs/common';
import { ValidationError } from '../errors/domain-error.js';

/** Integer path ids. Non-numeric → 400; numerically huge ids parse and then simply find nothing (404). */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{1,15}$/.test(value)) {
      throw new ValidationError([{ field: 'id', message: 'id must be a positive integer' }]);
    }
    return Number(value);
  }
}
