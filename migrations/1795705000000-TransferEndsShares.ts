import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An accepted transfer ends every sharing of the case (CasesService.transfer): the former owner's
 * referral targets were shared the case by it, not by the new owner. Shares left from before this
 * rule are removed unless a referral sent by the case's current owner still needs them (accepted,
 * or completed with consent to follow-up). `down` restores the earlier rule: every referral that
 * needs its sharing keeps it, whoever sent it.
 */
export class TransferEndsShares1795705000000 implements MigrationInterface {
  name = 'TransferEndsShares1795705000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DELETE FROM case_shares s USING cases c
       WHERE c.id = s.case_id
         AND NOT EXISTS (SELECT 1 FROM handoffs h
                          WHERE h.case_id = s.case_id AND h.target_organisation_id = s.organisation_id AND h.kind = 'referral'
                            AND h.sending_organisation_id = c.organisation_id
                            AND (h.status = 'accepted' OR (h.status = 'completed' AND h.consent->>'scope' = 'handoff_and_follow_up')))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO case_shares (case_id, organisation_id, handoff_id, created_at)
      SELECT DISTINCT ON (h.case_id, h.target_organisation_id) h.case_id, h.target_organisation_id, h.id, coalesce(h.responded_at, h.created_at)
        FROM handoffs h JOIN cases c ON c.id = h.case_id AND c.organisation_id <> h.target_organisation_id
       WHERE h.kind = 'referral'
         AND (h.status = 'accepted' OR (h.status = 'completed' AND h.consent->>'scope' = 'handoff_and_follow_up'))
       ORDER BY h.case_id, h.target_organisation_id, h.responded_at
      ON CONFLICT (case_id, organisation_id) DO NOTHING`);
  }
}
