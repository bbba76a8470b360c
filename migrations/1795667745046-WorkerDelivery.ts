import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WorkerDelivery1795667745046 implements MigrationInterface {
  name = 'WorkerDelivery1795667745046';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."reminders_due_idx"`);
    await queryRunner.query(
      `CREATE TABLE "digest_runs" ("day" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b844a4bc33b609d380388265ea9" PRIMARY KEY ("day"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "retained_case_statistics" ("organisation_id" uuid NOT NULL, "opened_month" date NOT NULL, "closed_month" date NOT NULL, "outcome" text NOT NULL, "district" text NOT NULL, "cases" integer NOT NULL, CONSTRAINT "PK_0c385e4e2516a56a042f889118d" PRIMARY KEY ("organisation_id", "opened_month", "closed_month", "outcome", "district"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "retained_case_needs" ("organisation_id" uuid NOT NULL, "closed_month" date NOT NULL, "domain" text NOT NULL, "cases" integer NOT NULL, CONSTRAINT "PK_1e8f61ffd1c361045c1544f3b51" PRIMARY KEY ("organisation_id", "closed_month", "domain"))`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" ADD "email_enqueued_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "email_claimed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "email_attempts" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "reminders" ADD "enqueued_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "reminders_scheduled_idx" ON "reminders"  ("due_at") WHERE status = 'scheduled'`);
    await queryRunner.query(
      `CREATE INDEX "reminders_to_enqueue_idx" ON "reminders"  ("due_at") WHERE status = 'scheduled' AND enqueued_at IS NULL`,
    );
    // Hand-written: e-mails being sent (claimed by a worker) are looked at too.
    await queryRunner.query(`DROP INDEX "public"."notifications_email_pending_idx"`);
    await queryRunner.query(
      `CREATE INDEX "notifications_email_pending_idx" ON "notifications" ("created_at") WHERE email_status IN ('pending', 'sending')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."notifications_email_pending_idx"`);
    await queryRunner.query(
      `CREATE INDEX "notifications_email_pending_idx" ON "notifications" ("created_at") WHERE email_status = 'pending'`,
    );
    await queryRunner.query(`DROP INDEX "public"."reminders_to_enqueue_idx"`);
    await queryRunner.query(`DROP INDEX "public"."reminders_scheduled_idx"`);
    await queryRunner.query(`ALTER TABLE "reminders" DROP COLUMN "enqueued_at"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "email_attempts"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "email_claimed_at"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "email_enqueued_at"`);
    await queryRunner.query(`DROP TABLE "retained_case_needs"`);
    await queryRunner.query(`DROP TABLE "retained_case_statistics"`);
    await queryRunner.query(`DROP TABLE "digest_runs"`);
    await queryRunner.query(`CREATE INDEX "reminders_due_idx" ON "reminders" USING btree ("due_at") WHERE (status = 'scheduled'::text)`);
  }
}
