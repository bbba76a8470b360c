import { ParseUUIDPipe } from '@nestjs/common';

/**
 * A path id: a UUID of any version, else 400. Not pinned to version 4: notifications have
 * time-ordered v7 ids (migration NotificationTimeOrderedIds), and a table's id default may change
 * again without its routes breaking.
 */
export const idParam = new ParseUUIDPipe();
