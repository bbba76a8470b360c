/** Coarse, non-identifying attributes of a case: controlled vocabularies only, never free text. */
export const CASE_STATUSES = ['open', 'in_progress', 'waiting', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const URGENCIES = ['normal', 'high', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const AGE_BANDS = ['0-17', '18-26', '27-44', '45-64', '65+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const GENDERS = ['female', 'male', 'diverse', 'not_stated'] as const;
export type Gender = (typeof GENDERS)[number];

/** Residence-status categories (Aufenthaltsstatus), coarse on purpose. */
export const RESIDENCE_STATUSES = [
  'asylum_seeker',
  'recognised_refugee',
  'subsidiary_protection',
  'temporary_protection',
  'toleration',
  'residence_permit',
  'eu_citizen',
  'other',
  'not_stated',
] as const;
export type ResidenceStatus = (typeof RESIDENCE_STATUSES)[number];

export const CONTACT_CHANNELS = ['walk_in', 'phone', 'email', 'referral', 'outreach', 'online', 'other'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CASE_OUTCOMES = ['resolved', 'referred_elsewhere', 'client_withdrew', 'no_longer_reachable', 'other'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
