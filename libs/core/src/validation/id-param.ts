import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ValidationFailed } from '../errors/domain-error';

/**
 * A path id: a UUID of any version, else 400 naming the parameter, like any other invalid input.
 * Not pinned to version 4: notifications have time-ordered v7 ids (migration
 * NotificationTimeOrderedIds), and a table's id default may change again without its routes breaking.
 */
class UuidParam implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (isUUID(value, 'all')) return value;
    const field = metadata.data ?? 'id';
    throw new ValidationFailed(`${field} must be a UUID`, [{ field, message: 'must be a UUID' }]);
  }
}

export const idParam = new UuidParam();
