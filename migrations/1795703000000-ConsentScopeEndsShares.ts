import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A completed referral that the client consented to for that hand-off only (consent scope
 * `this_handoff`) no longer lets its target read the case (HandoffsService.complete). Shares left by
 * such referrals before this rule are removed, unless another referral of the case to the same
 * organisation still needs them (accepted, or completed with consent to follow-up). `down` restores
 * the earlier rule: every accepted or completed referral shares the case with its target.
 */
export class ConsentScopeEndsShares1795703000000 implements MigrationInterface {
  name = 'ConsentScopeEndsShares1795703000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DELETE FROM case_shares s
       WHERE NOT EXISTS (SELECT 1 FROM handoffs h
                          WHERE h.case_id = s.case_id AND h.target_organisation_id = s.organisation_id AND h.kind = 'referral'
                            AND (h.status = 'accepted' OR (h.status = 'completed' AND h.consent->>'scope' = 'handoff_and_follow_up')))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO case_shares (case_id, organisation_id, handoff_id, created_at)
      SELECT DISTINCT ON (h.case_id, h.target_organisation_id) h.case_id, h.target_organisation_id, h.id, coalesce(h.responded_at, h.created_at)
        FROM handoffs h JOIN cases c ON c.id = h.case_id AND c.organisation_id <> h.target_organisation_id
       WHERE h.kind = 'referral' AND h.status IN ('accepted', 'completed')
       ORDER BY h.case_id, h.target_organisation_id, h.responded_at
      ON CONFLICT (case_id, organisation_id) DO NOTHING`);
  }
}
