import { Injectable, type PipeTransform } from '@nestjs/common';
import { invalidFields } from '../../common/errors/common.errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Session ids are UUIDs: anything else is 400 `validation_failed`, before the database sees it. */
@Injectable()
export class ParseSessionIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw invalidFields([{ field: 'id', message: 'id must be a session id (a UUID)' }]);
    }
    return value.toLowerCase();
  }
}
