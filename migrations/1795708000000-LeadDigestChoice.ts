import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Leads choose how often their digest comes: daily (as before, so every existing lead keeps it),
 * weekly or not at all. A row of `weekly_digest_runs` claims an ISO week (by its Monday), so the
 * weekly digest goes out once, on the first working day the job runs in that week.
 */
export class LeadDigestChoice1795708000000 implements MigrationInterface {
  name = 'LeadDigestChoice1795708000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "lead_digest" text NOT NULL DEFAULT 'daily'`);
    await queryRunner.query(
      `CREATE TABLE "weekly_digest_runs" ("week" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "weekly_digest_runs_pkey" PRIMARY KEY ("week"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "weekly_digest_runs"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "lead_digest"`);
  }
}
