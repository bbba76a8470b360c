import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Leads choose how often their digest comes: daily (as before, so every existing lead keeps it),
 * weekly or not at all. `weekly_digest_week` is the ISO week (its Monday) of the last weekly digest a
 * lead was sent, so each weekly lead gets one per week, also a lead who chose it in the middle of one.
 */
export class LeadDigestChoice1795708000000 implements MigrationInterface {
  name = 'LeadDigestChoice1795708000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "lead_digest" text NOT NULL DEFAULT 'daily'`);
    await queryRunner.query(`ALTER TABLE "users" ADD "weekly_digest_week" date`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "weekly_digest_week"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "lead_digest"`);
  }
}
