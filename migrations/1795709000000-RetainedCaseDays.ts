import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases deleted by retention, counted per organisation and Berlin day: how many were opened and how
 * many closed that day. The organisation dashboard's weekly series add them to the cases still kept,
 * so a window reaching back past RETENTION_DAYS shows the same figures as before the deletion. (Cases
 * deleted before this migration were counted only by month in retained_case_statistics.)
 */
export class RetainedCaseDays1795709000000 implements MigrationInterface {
  name = 'RetainedCaseDays1795709000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "retained_case_days" ("organisation_id" uuid NOT NULL, "day" date NOT NULL, "opened" integer NOT NULL DEFAULT 0,
        "closed" integer NOT NULL DEFAULT 0, CONSTRAINT "retained_case_days_pkey" PRIMARY KEY ("organisation_id", "day"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "retained_case_days"`);
  }
}
