export const HANDOFF_KINDS = ['referral', 'transfer'] as const;
/** referral: the target provides a service, the sender keeps the case; transfer: ownership moves on acceptance. */
export type HandoffKind = (typeof HANDOFF_KINDS)[number];

export const HANDOFF_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn', 'expired', 'completed'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];
/** The ends a hand-off reaches without the target ever taking the case on. */
export const ENDED_WITHOUT_ACCEPTANCE: ReadonlySet<HandoffStatus> = new Set(['declined', 'withdrawn', 'expired']);

export const DECLINE_REASONS = [
  'no_capacity',
  'not_eligible',
  'wrong_domain',
  'language_not_available',
  'client_unreachable',
  'client_declined',
  'other',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const DECLINING_PARTIES = ['provider', 'client'] as const;
export type DecliningParty = (typeof DECLINING_PARTIES)[number];

export const HANDOFF_OUTCOMES = ['service_provided', 'client_did_not_attend', 'client_withdrew', 'referred_onwards', 'other'] as const;
export type HandoffOutcome = (typeof HANDOFF_OUTCOMES)[number];

export const CONSENT_METHODS = ['verbal', 'written', 'interpreter_assisted', 'digital'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const CONSENT_SCOPES = ['this_handoff', 'handoff_and_follow_up'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

/** Who may act: the sending organisation, the target organisation, or the system (expiry). */
export type HandoffSide = 'sender' | 'target' | 'system';
export type HandoffAction = 'accept' | 'decline' | 'withdraw' | 'complete' | 'expire';

/** The state machine: which action leads from which state to which, and which side may take it. */
export const TRANSITIONS: Record<HandoffAction, { from: readonly HandoffStatus[]; to: HandoffStatus; side: HandoffSide }> = {
  accept: { from: ['pending'], to: 'accepted', side: 'target' },
  decline: { from: ['pending'], to: 'declined', side: 'target' },
  withdraw: { from: ['pending'], to: 'withdrawn', side: 'sender' },
  complete: { from: ['accepted'], to: 'completed', side: 'target' },
  expire: { from: ['pending'], to: 'expired', side: 'system' },
};
