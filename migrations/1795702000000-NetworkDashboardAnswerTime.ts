import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The network dashboard counts declines and response times by when the answer was given (so that a
 * month that is over never changes; libs/dashboards/src/window.ts). Its two queries read these
 * indexes alone: the unmet-needs index is keyed by the answer's time instead of the sending time
 * (same name, same rows), and the answered hand-offs get an index of their own.
 */
const DECLINED_FOR_UNMET_NEED = `status = 'declined' AND decline_reason IN ('no_capacity', 'language_not_available')`;

export class NetworkDashboardAnswerTime1795702000000 implements MigrationInterface {
  name = 'NetworkDashboardAnswerTime1795702000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."handoffs_unmet_idx"`);
    await queryRunner.query(
      `CREATE INDEX "handoffs_unmet_idx" ON "handoffs" ("responded_at") INCLUDE ("decline_reason", "domains", "languages") WHERE ${DECLINED_FOR_UNMET_NEED}`,
    );
    await queryRunner.query(
      `CREATE INDEX "handoffs_answered_idx" ON "handoffs" ("responded_at") INCLUDE ("target_organisation_id", "created_at") WHERE responded_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."handoffs_answered_idx"`);
    await queryRunner.query(`DROP INDEX "public"."handoffs_unmet_idx"`);
    await queryRunner.query(
      `CREATE INDEX "handoffs_unmet_idx" ON "handoffs" ("created_at") INCLUDE ("decline_reason", "domains", "languages") WHERE ${DECLINED_FOR_UNMET_NEED}`,
    );
  }
}
