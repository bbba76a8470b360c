import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { TimestampedEntity } from '@app/core';
import type { Organisation } from '../organisations/organisation.entity';

export const CAPACITY_STATUSES = ['open', 'waitlist', 'paused'] as const;
export type CapacityStatus = (typeof CAPACITY_STATUSES)[number];

/** What an organisation offers in one counselling domain (an Angebot; HSDS `service`). */
@Entity({ name: 'services' })
@Index('services_organisation_idx', ['organisationId', 'name', 'id'])
@Index('services_domain_idx', ['domain'])
export class CounsellingService extends TimestampedEntity {
  @Column({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne('Organisation', 'services', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** Code of a counselling domain. */
  @Column({ type: 'text' })
  domain!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages!: string[];

  /** District codes; empty means the whole city. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  districts!: string[];

  @Column({ type: 'text', default: '' })
  eligibility!: string;

  @Column({ type: 'text', default: 'open' })
  capacityStatus!: CapacityStatus;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
