import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accepted hand-offs by the counsellor they were accepted for: the work of an organisation's
 * counsellors includes the referrals they took on (the personal dashboard lists them, the
 * organisation dashboard counts them per counsellor), read without walking the organisation's
 * whole history of hand-offs.
 *
 * Built CONCURRENTLY, outside a transaction, so that a network in use keeps sending and answering
 * hand-offs while it is built; an index a failed build left invalid is dropped and built again on
 * the next run.
 */
export class AcceptedHandoffsByAssignee1795707000000 implements MigrationInterface {
  name = 'AcceptedHandoffsByAssignee1795707000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "handoffs_accepted_assignee_idx"`);
    await queryRunner.query(
      `CREATE INDEX CONCURRENTLY "handoffs_accepted_assignee_idx" ON "handoffs" ("target_organisation_id", "target_assignee_id", "responded_at") WHERE status = 'accepted'`,
    );
  }

  // A plain DROP: reverting runs in a transaction whatever the migration says.
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "handoffs_accepted_assignee_idx"`);
  }
}
