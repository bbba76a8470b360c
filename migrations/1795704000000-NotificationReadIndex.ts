import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox's "read" tab (`GET /notifications?unread=false`) walked the recipient's whole inbox index
 * backwards, skipping every unread notification, to find 50 read ones: 60 ms for a team member with
 * 24,000 unread (a team inbox gets one per hand-off, whether its members read them or not), growing
 * with them. Read notifications get a partial index of their own, like the unread ones. New
 * notifications are unread, so writing a hand-off's team notifications does not touch it.
 *
 * Built CONCURRENTLY, outside a transaction, so that a database in use keeps taking notifications while
 * it is built; an index a failed build left invalid is dropped and built again on the next run.
 */
export class NotificationReadIndex1795704000000 implements MigrationInterface {
  name = 'NotificationReadIndex1795704000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "notifications_read_idx"`);
    await queryRunner.query(
      `CREATE INDEX CONCURRENTLY "notifications_read_idx" ON "notifications" ("recipient_id", "created_at", "id") WHERE read_at IS NOT NULL`,
    );
  }

  // A plain DROP: reverting runs in a transaction whatever the migration says.
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "notifications_read_idx"`);
  }
}
