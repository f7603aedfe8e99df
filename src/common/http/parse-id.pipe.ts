import { Injectable, type PipeTransform } from '@nestjs/common';
import { CommonError, invalidFields } from '../errors/common.errors.js';
import { MAX_INT4 } from '../validation/ids.js';

// Canonical decimal only: `128.0`, `+128`, `0128`, `1e2` and ` 128` are not the id 128. Up to 15 digits parse
// exactly; ids beyond int4 parse, then name nothing.
const CANONICAL_ID = /^(0|[1-9]\d{0,14})$/;

/** Integer path ids. Not a canonical decimal integer → 400; a number beyond int4 → 404 (no such row). */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (typeof value !== 'string' || !CANONICAL_ID.test(value)) {
      throw invalidFields([{ field: 'id', message: 'id must be a positive integer' }]);
    }
    const id = Number(value);
    if (id > MAX_INT4) throw new CommonError('not_found', 'Resource not found.');
    return id;
  }
}
