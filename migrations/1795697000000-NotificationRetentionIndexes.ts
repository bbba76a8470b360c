import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention deletes an expired case's notifications: those about the case (case_id) and those about
 * its hand-offs (handoff_id; a hand-off's notifications name no case, so that a pending referral's
 * target does not learn the sender's case id). Without an index on either, every nightly batch of 500
 * cases read the whole table: 1 s at 3.9 million notifications, and the table only grows. Each row has
 * one of the two ids, so each enters one of these partial indexes; a hand-off's team notifications
 * share their hand-off id and land on one leaf page.
 *
 * Built CONCURRENTLY, outside a transaction, so that a database in use keeps taking notifications while
 * they are built; an index a failed build left invalid is dropped and built again on the next run.
 */
const INDEXES = [
  ['notifications_case_idx', 'case_id'],
  ['notifications_handoff_idx', 'handoff_id'],
] as const;

export class NotificationRetentionIndexes1795697000000 implements MigrationInterface {
  name = 'NotificationRetentionIndexes1795697000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [index, column] of INDEXES) {
      await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${index}"`);
      await queryRunner.query(`CREATE INDEX CONCURRENTLY "${index}" ON "notifications" ("${column}") WHERE "${column}" IS NOT NULL`);
    }
  }

  // A plain DROP: reverting runs in a transaction whatever the migration says (TypeORM's
  // undoLastMigration), and dropping takes its lock only for a moment.
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [index] of INDEXES) await queryRunner.query(`DROP INDEX IF EXISTS "${index}"`);
  }
}
