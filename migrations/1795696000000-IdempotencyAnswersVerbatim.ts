import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stored Idempotency-Key answer keeps its text as sent: `json` instead of `jsonb`, which reorders
 * an object's keys (shorter keys first). A replay is then the first answer byte for byte. Nothing
 * queries inside the answer; only `IS NULL` is asked of it.
 */
export class IdempotencyAnswersVerbatim1795696000000 implements MigrationInterface {
  name = 'IdempotencyAnswersVerbatim1795696000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE idempotency_keys ALTER COLUMN response TYPE json USING response::json`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE idempotency_keys ALTER COLUMN response TYPE jsonb USING response::jsonb`);
  }
}
