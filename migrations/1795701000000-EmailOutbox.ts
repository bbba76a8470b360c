import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moves the e-mail state of notifications into a narrow table of its own, `email_outbox`: a row per
 * e-mail still to send (or given up), deleted once it is sent or skipped.
 *
 * Why: the state lived in four columns of the notification, and `email_status` appeared in two
 * partial indexes, so each change of it was a non-HOT update that wrote the wide row again into all
 * of the notification's indexes, most of them keyed by recipient (a random page each). A hand-off to
 * a team of 173 wrote 173 notifications, and the worker rewrote each of them once with e-mail off
 * and three times with it on: half of the WAL of a hand-off, and the tail of its latency.
 *
 * The outbox row is written by a statement trigger on `notifications`, so every writer of
 * notifications (the API, the worker, an older instance still running during a deploy) queues the
 * e-mail, and in the same transaction. Sent and skipped e-mails are no longer told apart afterwards
 * (the SMTP server's log has what was sent); pending, being sent and failed ones move over as they are.
 */
export class EmailOutbox1795701000000 implements MigrationInterface {
  name = 'EmailOutbox1795701000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "email_outbox" ("notification_id" uuid NOT NULL, "enqueued_at" TIMESTAMP WITH TIME ZONE, "claimed_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "failed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "email_outbox_pkey" PRIMARY KEY ("notification_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_notification_fk" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE INDEX "email_outbox_open_idx" ON "email_outbox" ("notification_id") WHERE failed_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "email_outbox_failed_idx" ON "email_outbox" ("failed_at") WHERE failed_at IS NOT NULL`);
    // Found through the old partial indexes (pending or sending; failed), not by reading every notification.
    await queryRunner.query(
      `INSERT INTO email_outbox (notification_id, enqueued_at, claimed_at, attempts, failed_at)
       SELECT id, email_enqueued_at, CASE WHEN email_status = 'sending' THEN email_claimed_at END, email_attempts,
              CASE WHEN email_status = 'failed' THEN coalesce(email_claimed_at, created_at) END
         FROM notifications WHERE email_status IN ('pending', 'sending') OR email_status = 'failed'`,
    );
    await queryRunner.query(
      `CREATE FUNCTION queue_notification_emails() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO email_outbox (notification_id) SELECT id FROM new_notifications;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER notifications_queue_emails AFTER INSERT ON notifications
         REFERENCING NEW TABLE AS new_notifications FOR EACH STATEMENT EXECUTE FUNCTION queue_notification_emails()`,
    );
    await queryRunner.query(`DROP INDEX "public"."notifications_email_pending_idx"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_email_failed_idx"`);
    await queryRunner.query(
      `ALTER TABLE "notifications" DROP COLUMN "email_status", DROP COLUMN "email_enqueued_at", DROP COLUMN "email_claimed_at", DROP COLUMN "email_attempts"`,
    );
  }

  /** Back to the columns: every notification without an outbox row counts as sent. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD "email_status" text NOT NULL DEFAULT 'sent', ADD "email_enqueued_at" TIMESTAMP WITH TIME ZONE, ADD "email_claimed_at" TIMESTAMP WITH TIME ZONE, ADD "email_attempts" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "email_status" SET DEFAULT 'pending'`);
    await queryRunner.query(
      `UPDATE notifications n
          SET email_status = CASE WHEN o.failed_at IS NOT NULL THEN 'failed' WHEN o.claimed_at IS NOT NULL THEN 'sending' ELSE 'pending' END,
              email_enqueued_at = o.enqueued_at, email_claimed_at = coalesce(o.claimed_at, o.failed_at), email_attempts = o.attempts
         FROM email_outbox o WHERE o.notification_id = n.id`,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_email_pending_idx" ON "notifications" ("created_at") WHERE email_status IN ('pending', 'sending')`,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_email_failed_idx" ON "notifications" ("created_at") WHERE email_status = 'failed'`,
    );
    await queryRunner.query(`DROP TRIGGER notifications_queue_emails ON notifications`);
    await queryRunner.query(`DROP FUNCTION queue_notification_emails()`);
    await queryRunner.query(`DROP TABLE "email_outbox"`);
  }
}
