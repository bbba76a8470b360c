import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * SQL: the referral `h` (a row of handoffs) still lets its target read the case whose owner is
 * `owner` (an SQL expression): sent by that owner (a transfer ends the former owner's sharing), and
 * accepted, or completed when the client consented to sharing for the follow-up too. A completed
 * referral the client consented to for that hand-off only (scope `this_handoff`) does not.
 */
export const referralNeedsShare = (h: string, owner: string): string =>
  `(${h}.sending_organisation_id = ${owner}
    AND (${h}.status = 'accepted' OR (${h}.status = 'completed' AND ${h}.consent->>'scope' = 'handoff_and_follow_up')))`;

/**
 * An organisation that may read a case it does not own, because it accepted a referral for it (as
 * long as one referral to it needs it: referralNeedsShare).
 * Written by the hand-off workflow; the case module itself only reads it.
 */
@Entity({ name: 'case_shares' })
@Index('case_shares_organisation_idx', ['organisationId', 'caseId'])
export class CaseShare {
  @PrimaryColumn({ type: 'uuid' })
  caseId!: string;

  @PrimaryColumn({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'uuid' })
  handoffId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
