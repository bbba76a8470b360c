import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An organisation that may read a case it does not own, because it accepted a referral for it.
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
