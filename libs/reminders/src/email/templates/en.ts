import type { EmailTemplateSet } from '../email-templates';

/** English. British date format (day before month), 24-hour clock, as staff in Leipzig expect. */
export const en: EmailTemplateSet = {
  intlLocale: 'en-GB',
  emails: {
    handoff_received: {
      subject: 'New referral: case {{caseCode}}',
      text: 'Hello,\n\ncase {{caseCode}} has been referred to your organisation. Please review the request and accept or decline it.\n\nOpen the referral: {{link}}',
    },
    handoff_accepted: {
      subject: 'Referral accepted: case {{caseCode}}',
      text: 'Hello,\n\nthe referral of case {{caseCode}} has been accepted by the receiving organisation.\n\nOpen the referral: {{link}}',
    },
    handoff_declined: {
      subject: 'Referral declined: case {{caseCode}}',
      text: 'Hello,\n\nthe referral of case {{caseCode}} has been declined.\nReason: {{reason}}\n\nPlease check whether another service can help: {{link}}',
    },
    handoff_withdrawn: {
      subject: 'Referral withdrawn: case {{caseCode}}',
      text: 'Hello,\n\nthe referral of case {{caseCode}} has been withdrawn by the sending organisation. No action is needed on your side.\n\nOpen the referral: {{link}}',
    },
    handoff_completed: {
      subject: 'Referral completed: case {{caseCode}}',
      text: 'Hello,\n\nthe referral of case {{caseCode}} is complete and its outcome has been recorded.\n\nSee the outcome: {{link}}',
    },
    handoff_expired: {
      subject: 'Referral expired: case {{caseCode}}',
      text: 'Hello,\n\nthe referral of case {{caseCode}} was not answered in time and has expired. Please check how the case should proceed.\n\nOpen the referral: {{link}}',
    },
    handoff_received_expired: {
      subject: 'Referral expired unanswered: case {{caseCode}}',
      text: 'Hello,\n\nthe referral of case {{caseCode}} to your organisation was not answered in time and has expired. It can no longer be accepted; the sending organisation has been told. No action is needed on your side.\n\nOpen the referral: {{link}}',
    },
    handoff_target_left: {
      subject: 'Referral without a recipient: case {{caseCode}}',
      text: 'Hello,\n\nthe organisation that case {{caseCode}} was referred to is no longer active in the network and cannot answer the referral. Please withdraw it and refer the case elsewhere.\n\nOpen the referral: {{link}}',
    },
    handoff_accepted_target_left: {
      subject: 'Accepted referral: organisation no longer in the network (case {{caseCode}})',
      text: 'Hello,\n\nthe organisation that accepted the referral of case {{caseCode}} is no longer active in the network; no outcome will be recorded there. Please check how things go on for the person.\n\nOpen the referral: {{link}}',
    },
    handoff_case_transferred: {
      subject: 'Case {{caseCode}} transferred: no longer shared with you',
      text: 'Hello,\n\nthe organisation that referred case {{caseCode}} to you has transferred the case to another organisation. The case is no longer shared with your organisation. If your referral is still open, please record its outcome.\n\nOpen the referral: {{link}}',
    },
    handoff_case_closed: {
      subject: 'Case {{caseCode}} closed by the referring organisation',
      text: 'Hello,\n\nthe organisation that referred case {{caseCode}} to you has closed the case; notes can no longer be added to it. If your referral is still open, please record its outcome.\n\nOpen the referral: {{link}}',
    },
    handoff_response_due: {
      subject: 'Response needed: case {{caseCode}}',
      text: 'Hello,\n\nthe referral of case {{caseCode}} to your organisation is still waiting for a response.\nResponse due: {{dueAt}}\n\nPlease accept or decline it: {{link}}',
    },
    handoff_escalated: {
      subject: 'Referral overdue: case {{caseCode}}',
      text: 'Hello,\n\nthe referral of case {{caseCode}} is still unanswered despite a reminder.\nResponse due: {{dueAt}}\n\nPlease make sure it is dealt with soon: {{link}}',
    },
    handoff_outcome_due: {
      subject: 'Please record the outcome: case {{caseCode}}',
      text: 'Hello,\n\nyour organisation accepted the referral of case {{caseCode}}. Please record the outcome once the counselling has taken place, so the sending organisation knows.\n\nOpen the referral: {{link}}',
    },
    case_assigned: {
      subject: 'Case {{caseCode}} has been assigned to you',
      text: 'Hello,\n\ncase {{caseCode}} has been assigned to you.\n\nOpen the case: {{link}}',
    },
    case_follow_up_due: {
      subject: 'Follow-up due: case {{caseCode}}',
      text: 'Hello,\n\na follow-up is due for case {{caseCode}}.\nFollow-up: {{dueOn}}\n\nOpen the case: {{link}}',
    },
    account_invitation: {
      subject: 'Your account in the Leipzig counselling network',
      text: 'Hello,\n\nan account in the case coordination of the Leipzig counselling network has been set up for you. Please choose your password with this link; it works once, until {{dueAt}}:\n\n{{link}}\n\nIf you did not expect this e-mail, you can ignore it.',
    },
    password_reset: {
      subject: 'Set a new password',
      text: 'Hello,\n\na new password was requested for your account in the case coordination of the Leipzig counselling network. Please choose it with this link; it works once, until {{dueAt}}:\n\n{{link}}\n\nIf you did not ask for this, you can ignore this e-mail: your password stays as it is.',
    },
    password_changed: {
      subject: 'Your password has been changed',
      text: 'Hello,\n\nthe password of your account in the case coordination of the Leipzig counselling network has just been changed, and every other sign-in has ended.\n\nIf you did not do this or expect it, tell your organisation\'s admin at once and ask for a new password with "Forgot password".\n\n{{link}}',
    },
    account_access_granted: {
      subject: 'New access in your organisation',
      text: "Hello,\n\nsomeone other than you has just created an account in your organisation, given an account a new role, reactivated one, or set the password of one that works with cases. As an admin, or as a lead or counsellor when the change opens your organisation's cases, you are told of every such change, so that nobody gains access to them unnoticed.\n\nPlease check the account. If you did not expect the change, have your organisation's admin deactivate it (admins: check the audit log) and tell the network coordinator.\n\n{{link}}",
    },
    account_access_removed: {
      subject: 'An account in your organisation was deactivated or lost a role',
      text: "Hello,\n\nsomeone other than you has just deactivated an account in your organisation or taken a role from it. If it worked with cases, its open cases and referrals are still assigned to it: please hand them to a colleague.\n\nIf you did not expect the change, tell your organisation's admin and the network coordinator.\n\n{{link}}",
    },
    lead_digest: {
      subject: 'Your overview: open referrals ({{count}})',
      text: 'Hello,\n\nreferrals in your organisation are waiting for a response or an outcome.\nNumber: {{count}}\n\nSee the overview with due dates and assignees: {{link}}',
    },
    lead_weekly_digest: {
      subject: 'Your weekly overview: open referrals ({{count}})',
      text: "Hello,\n\nyour weekly overview is ready: referrals waiting for your organisation's response ({{count}} now), the follow-ups due this week, and last week in figures.\n\nSee it after signing in: {{link}}",
    },
  },
  declineReasons: {
    no_capacity: 'no capacity',
    not_eligible: 'not eligible',
    wrong_domain: 'another counselling domain is responsible',
    language_not_available: 'required language not available',
    client_unreachable: 'client could not be reached',
    client_declined: 'client declined',
    other: 'other reason',
  },
  footer:
    '-- \nThis message was sent automatically by the case-coordination system of the Leipzig counselling network. For data protection it contains no case details; sign in to see them.',
};
