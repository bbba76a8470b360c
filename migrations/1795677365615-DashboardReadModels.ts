import type { MigrationInterface, QueryRunner } from 'typeorm';

const HANDOFF_INDEXES = {
  // The organisation dashboard's incoming figures (and the incoming list), index-only.
  handoffs_incoming_idx: `("target_organisation_id", "created_at", "id") INCLUDE ("status", "responded_at", "decline_reason", "declined_by", "outcome", "district", "domains")`,
  // Its outgoing flows (and the outgoing list).
  handoffs_outgoing_idx: `("sending_organisation_id", "created_at", "id") INCLUDE ("target_organisation_id", "district", "domains")`,
  // The network dashboard's flow matrix and response times by organisation kind.
  handoffs_created_idx: `("created_at") INCLUDE ("sending_organisation_id", "target_organisation_id", "responded_at")`,
};

const PREVIOUS_HANDOFF_INDEXES = {
  handoffs_incoming_idx: `("target_organisation_id", "created_at", "id")`,
  handoffs_outgoing_idx: `("sending_organisation_id", "created_at", "id")`,
  handoffs_created_idx: `("created_at") INCLUDE ("sending_organisation_id", "target_organisation_id")`,
};

/**
 * Dashboards at city scale (1,000,000 cases, 400,000 hand-offs):
 * - `open_case_languages`: open cases per district and language, kept exact by statement-level
 *   triggers on `cases` in the writing transaction (one aggregated upsert per statement, rows
 *   locked in key order; an update that changes no counted column writes nothing);
 * - covering indexes, so that the dashboards read hand-offs index-only.
 */
export class DashboardReadModels1795677365615 implements MigrationInterface {
  name = 'DashboardReadModels1795677365615';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "open_case_languages" ("district" text NOT NULL, "language" text NOT NULL, "open_cases" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_open_case_languages" PRIMARY KEY ("district", "language"))`,
    );
    // A case counts while it is not closed and has a district, once for each of its languages.
    await queryRunner.query(`
      CREATE FUNCTION count_open_case_languages() RETURNS trigger LANGUAGE plpgsql AS $function$
      DECLARE
        counted constant text := $$SELECT c.district, l AS language, %s AS delta FROM %I c, unnest(c.languages) AS l
                                    WHERE c.status <> 'closed' AND c.district IS NOT NULL$$;
      BEGIN
        EXECUTE format($$INSERT INTO open_case_languages AS t (district, language, open_cases)
            SELECT district, language, sum(delta)::int FROM (%s) changes
             GROUP BY district, language HAVING sum(delta) <> 0 ORDER BY district, language
            ON CONFLICT (district, language) DO UPDATE SET open_cases = t.open_cases + excluded.open_cases$$,
          concat_ws(' UNION ALL ',
            CASE WHEN TG_OP <> 'INSERT' THEN format(counted, -1, 'old_cases') END,
            CASE WHEN TG_OP <> 'DELETE' THEN format(counted, 1, 'new_cases') END));
        RETURN NULL;
      END $function$`);
    // Transition tables allow one event per trigger, hence three.
    await queryRunner.query(
      `CREATE TRIGGER cases_open_languages_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION count_open_case_languages()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER cases_open_languages_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION count_open_case_languages()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER cases_open_languages_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_cases FOR EACH STATEMENT EXECUTE FUNCTION count_open_case_languages()`,
    );
    await queryRunner.query(`
      INSERT INTO open_case_languages (district, language, open_cases)
      SELECT c.district, l, count(*) FROM cases c, unnest(c.languages) AS l
       WHERE c.status <> 'closed' AND c.district IS NOT NULL GROUP BY 1, 2`);
    await this.replaceIndexes(queryRunner, HANDOFF_INDEXES);
    // The network dashboard's unmet needs: a few percent of all hand-offs.
    await queryRunner.query(
      `CREATE INDEX "handoffs_unmet_idx" ON "handoffs" ("created_at") INCLUDE ("decline_reason", "domains", "languages") WHERE status = 'declined' AND decline_reason IN ('no_capacity', 'language_not_available')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."handoffs_unmet_idx"`);
    await this.replaceIndexes(queryRunner, PREVIOUS_HANDOFF_INDEXES);
    await queryRunner.query(`DROP TRIGGER cases_open_languages_delete ON cases`);
    await queryRunner.query(`DROP TRIGGER cases_open_languages_update ON cases`);
    await queryRunner.query(`DROP TRIGGER cases_open_languages_insert ON cases`);
    await queryRunner.query(`DROP FUNCTION count_open_case_languages()`);
    await queryRunner.query(`DROP TABLE "open_case_languages"`);
  }

  private async replaceIndexes(queryRunner: QueryRunner, indexes: Record<string, string>): Promise<void> {
    for (const [name, definition] of Object.entries(indexes)) {
      await queryRunner.query(`DROP INDEX "public"."${name}"`);
      await queryRunner.query(`CREATE INDEX "${name}" ON "handoffs" ${definition}`);
    }
  }
}
