import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DashboardIndexes1795668580100 implements MigrationInterface {
  name = 'DashboardIndexes1795668580100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "cases_organisation_created_assignee_idx" ON "cases" ("organisation_id", "created_at") INCLUDE ("assignee_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "cases_open_assignee_idx" ON "cases" ("organisation_id", "assignee_id") WHERE status <> 'closed'`,
    );
    await queryRunner.query(
      `CREATE INDEX "cases_organisation_closed_idx" ON "cases" ("organisation_id", "closed_at") INCLUDE ("assignee_id") WHERE closed_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "handoffs_pending_target_idx" ON "handoffs"  ("target_organisation_id", "response_due_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "handoffs_created_idx" ON "handoffs" ("created_at") INCLUDE ("sending_organisation_id", "target_organisation_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."handoffs_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."handoffs_pending_target_idx"`);
    await queryRunner.query(`DROP INDEX "public"."cases_organisation_closed_idx"`);
    await queryRunner.query(`DROP INDEX "public"."cases_open_assignee_idx"`);
    await queryRunner.query(`DROP INDEX "public"."cases_organisation_created_assignee_idx"`);
  }
}
