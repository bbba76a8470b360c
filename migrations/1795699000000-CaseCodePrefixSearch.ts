import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /cases?q=` finds a case by the first characters of its code (`code LIKE 'TSAP%'`). Postgres
 * uses a btree for a LIKE prefix only under the "C" collation or with `text_pattern_ops`; under
 * C.UTF-8 or a language's collation it read every case of the organisation instead (825 ms cold,
 * 240 ms warm, for the 85,000 cases of the data set's biggest one). The unique index on the code is
 * rebuilt with `text_pattern_ops`, which serves both the equality of a lookup by code and the prefix
 * search; it keeps its name.
 *
 * Built CONCURRENTLY, outside a transaction, so that a database in use keeps taking cases while it is
 * built. Until the old index is dropped both enforce uniqueness; a run that failed half-way is
 * finished by the next one.
 */
const INDEX = 'cases_code_unique';
const BUILDING = 'cases_code_unique_pattern';

export class CaseCodePrefixSearch1795699000000 implements MigrationInterface {
  name = 'CaseCodePrefixSearch1795699000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    const [{ done }] = await queryRunner.query(
      `SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = $1 AND indexdef LIKE '%text_pattern_ops%') AS done`,
      [INDEX],
    );
    if (done) return;
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${BUILDING}"`);
    await queryRunner.query(`CREATE UNIQUE INDEX CONCURRENTLY "${BUILDING}" ON "cases" ("code" text_pattern_ops)`);
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS "${INDEX}"`);
    await queryRunner.query(`ALTER INDEX "${BUILDING}" RENAME TO "${INDEX}"`);
  }

  // Reverting runs in a transaction whatever the migration says (TypeORM's undoLastMigration): a plain build.
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE UNIQUE INDEX "${BUILDING}" ON "cases" ("code")`);
    await queryRunner.query(`DROP INDEX "${INDEX}"`);
    await queryRunner.query(`ALTER INDEX "${BUILDING}" RENAME TO "${INDEX}"`);
  }
}
