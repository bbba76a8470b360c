import { Column, Entity, Index, OneToMany, type Relation } from 'typeorm';
import { TimestampedEntity } from '@app/core';
import type { CounsellingService } from '../services/counselling-service.entity';

export const ORGANISATION_KINDS = ['city_department', 'authority', 'advisory_council', 'ngo', 'volunteer_initiative'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Public postal address of an organisation (organisational data, never a client's). Maps to HSDS `address`. */
export interface PostalAddress {
  street: string;
  postalCode: string;
  city: string;
}

/**
 * An office of the network. Its profile is public directory data (HSDS `organization` plus its
 * main `location`); whether it accepts referrals and its response promise drive hand-offs.
 */
@Entity({ name: 'organisations' })
@Index('organisations_name_idx', ['name', 'id'])
export class Organisation extends TimestampedEntity {
  @Column({ type: 'text' })
  kind!: OrganisationKind;

  @Column({ type: 'text' })
  name!: string;

  /** Short or alternate name, e.g. "RMI" (HSDS `alternate_name`). */
  @Column({ type: 'text', nullable: true })
  shortName!: string | null;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  website!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  address!: PostalAddress | null;

  /** Human-readable opening hours, e.g. "Mo-Do 9-12, Di 14-18". */
  @Column({ type: 'text', default: '' })
  openingHours!: string;

  /** District codes served; empty means the whole city. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  districts!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages!: string[];

  @Column({ type: 'boolean', default: true })
  acceptsReferrals!: boolean;

  /** Working days (Saxony) within which the organisation promises to answer a hand-off. */
  @Column({ type: 'int', default: 3 })
  responseSlaWorkingDays!: number;

  /** Inactive organisations vanish from the directory and cannot receive hand-offs. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @OneToMany('CounsellingService', 'organisation')
  services?: Relation<CounsellingService[]>;
}
