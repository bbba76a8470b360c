import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The aggregated upsert of DashboardReadModels1795677365615, run when `guard` lets it. */
const countOpenCaseLanguages = (guard: string) => `
  CREATE OR REPLACE FUNCTION count_open_case_languages() RETURNS trigger LANGUAGE plpgsql AS $function$
  DECLARE
    counted constant text := $$SELECT c.district, l AS language, %s AS delta FROM %I c, unnest(c.languages) AS l
                                WHERE c.status <> 'closed' AND c.district IS NOT NULL$$;
  BEGIN${guard}
    EXECUTE format($$INSERT INTO open_case_languages AS t (district, language, open_cases)
        SELECT district, language, sum(delta)::int FROM (%s) changes
         GROUP BY district, language HAVING sum(delta) <> 0 ORDER BY district, language
        ON CONFLICT (district, language) DO UPDATE SET open_cases = t.open_cases + excluded.open_cases$$,
      concat_ws(' UNION ALL ',
        CASE WHEN TG_OP <> 'INSERT' THEN format(counted, -1, 'old_cases') END,
        CASE WHEN TG_OP <> 'DELETE' THEN format(counted, 1, 'new_cases') END));
    RETURN NULL;
  END $function$`;

/**
 * Most updates of a case change nothing `open_case_languages` counts (the hand-off counter, the
 * assignee, the version): the trigger now returns before its dynamic aggregate (planned anew on
 * every call) when the updated rows' status, district and languages are, as a multiset, what they
 * were. A static query, so its plan is cached per connection.
 */
export class OpenCaseLanguagesUncountedUpdates1795688002229 implements MigrationInterface {
  name = 'OpenCaseLanguagesUncountedUpdates1795688002229';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      // Nested: the query naming old_cases must not be planned for INSERT and DELETE, which lack it.
      countOpenCaseLanguages(`
    IF TG_OP = 'UPDATE' THEN
      IF NOT EXISTS (SELECT status = 'closed', district, languages FROM old_cases
                     EXCEPT ALL SELECT status = 'closed', district, languages FROM new_cases) THEN
        RETURN NULL;
      END IF;
    END IF;`),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(countOpenCaseLanguages(''));
  }
}
