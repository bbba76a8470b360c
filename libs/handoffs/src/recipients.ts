import { teamOfSql } from '@app/reminders';

/**
 * Who hears back about a hand-off on its sending side, as an SQL array over the hand-off row `h`,
 * read when the notice is written: its sender, whoever was assigned the case when it was sent, and
 * whoever is assigned it now, as far as they are still active members of the sending organisation.
 * When none of them is (all left, or were deactivated), the organisation's leads, else its whole
 * team: an answer to a referral must reach somebody who can act on it.
 */
export const sendingSideSql = (h: string) => `COALESCE(
  (SELECT array_agg(id) FROM users
    WHERE organisation_id = ${h}.sending_organisation_id AND active
      AND id IN (${h}.sender_id, ${h}.sender_case_assignee_id, (SELECT assignee_id FROM cases WHERE id = ${h}.case_id))),
  (SELECT array_agg(id) FROM users WHERE ${teamOfSql(`${h}.sending_organisation_id`, `'{lead}'`)}),
  (SELECT array_agg(id) FROM users WHERE ${teamOfSql(`${h}.sending_organisation_id`, `'{counsellor,lead}'`)}))`;

/**
 * Who works on an accepted hand-off at its target, as an SQL array over `h`: the counsellor it was
 * accepted for while active there, else the target organisation's leads, else its whole team.
 */
export const targetWorkerSql = (h: string) => `COALESCE(
  (SELECT array_agg(id) FROM users WHERE id = ${h}.target_assignee_id AND organisation_id = ${h}.target_organisation_id AND active),
  (SELECT array_agg(id) FROM users WHERE ${teamOfSql(`${h}.target_organisation_id`, `'{lead}'`)}),
  (SELECT array_agg(id) FROM users WHERE ${teamOfSql(`${h}.target_organisation_id`, `'{counsellor,lead}'`)}))`;
