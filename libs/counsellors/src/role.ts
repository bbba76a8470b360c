export const ROLES = ['counsellor', 'lead', 'org_admin', 'coordinator'] as const;
/** What a staff member may do; a user holds a set of roles and rights add up. */
export type Role = (typeof ROLES)[number];

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** How often a lead is sent the digest of the organisation's referrals and follow-ups. */
export const LEAD_DIGESTS = ['daily', 'weekly', 'off'] as const;
export type LeadDigest = (typeof LEAD_DIGESTS)[number];
