import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The coordinator's jobs report (GET /admin/jobs) counts e-mails that gave up. Without an index it read
 * every notification: 1.4 s at 4.5 million rows, and the table only grows, towards the statement
 * timeout. Failed e-mails are few, so this partial index stays small.
 *
 * Built CONCURRENTLY, outside a transaction, so that a database in use keeps taking notifications while
 * it is built; an index a failed build left invalid is dropped and built again on the next run.
 */
const INDEX = 'notifications_email_failed_idx';

export class FailedEmailsIndex1795698000000 implements MigrationInterface {
  name = 'FailedEmailsIndex1795698000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${INDEX}"`);
    await queryRunner.query(`CREATE INDEX CONCURRENTLY "${INDEX}" ON "notifications" ("created_at") WHERE email_status = 'failed'`);
  }

  // A plain DROP: reverting runs in a transaction whatever the migration says (TypeORM's undoLastMigration).
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "${INDEX}"`);
  }
}
