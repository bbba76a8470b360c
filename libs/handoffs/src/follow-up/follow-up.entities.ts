import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One row per Berlin day on which the leads' digest went out: claims the day, so it goes out once. */
@Entity({ name: 'digest_runs' })
export class DigestRun {
  @PrimaryColumn({ type: 'date' })
  day!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** Closed cases removed by retention, counted per organisation, months, outcome and district. */
@Entity({ name: 'retained_case_statistics' })
export class RetainedCaseStatistics {
  @PrimaryColumn({ type: 'uuid' })
  organisationId!: string;

  @PrimaryColumn({ type: 'date' })
  openedMonth!: string;

  @PrimaryColumn({ type: 'date' })
  closedMonth!: string;

  @PrimaryColumn({ type: 'text' })
  outcome!: string;

  /** Empty when the case had no district. */
  @PrimaryColumn({ type: 'text' })
  district!: string;

  @Column({ type: 'int' })
  cases!: number;
}

/** Needs (counselling domains) of closed cases removed by retention, per organisation and month. */
@Entity({ name: 'retained_case_needs' })
export class RetainedCaseNeeds {
  @PrimaryColumn({ type: 'uuid' })
  organisationId!: string;

  @PrimaryColumn({ type: 'date' })
  closedMonth!: string;

  @PrimaryColumn({ type: 'text' })
  domain!: string;

  @Column({ type: 'int' })
  cases!: number;
}

/**
 * Closed cases removed by retention, per organisation and Berlin day: how many had been opened and how
 * many closed that day. The organisation dashboard's weekly series count them beside the cases kept.
 */
@Entity({ name: 'retained_case_days' })
export class RetainedCaseDay {
  @PrimaryColumn({ type: 'uuid' })
  organisationId!: string;

  @PrimaryColumn({ type: 'date' })
  day!: string;

  @Column({ type: 'int', default: 0 })
  opened!: number;

  @Column({ type: 'int', default: 0 })
  closed!: number;
}
