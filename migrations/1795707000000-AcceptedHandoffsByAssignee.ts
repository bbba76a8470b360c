import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accepted hand-offs by the counsellor they were accepted for: the work of an organisation's
 * counsellors includes the referrals they took on (the personal dashboard lists them, the
 * organisation dashboard counts them per counsellor), read without walking the organisation's
 * whole history of hand-offs.
 */
export class AcceptedHandoffsByAssignee1795707000000 implements MigrationInterface {
  name = 'AcceptedHandoffsByAssignee1795707000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "handoffs_accepted_assignee_idx" ON "handoffs" ("target_organisation_id", "target_assignee_id", "responded_at") WHERE status = 'accepted'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."handoffs_accepted_assignee_idx"`);
  }
}
