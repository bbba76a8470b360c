import { elseLeadsElseTeamSql, TEAM_ROLES, teamOfSql } from '@app/reminders';

const TEAM = `'{${TEAM_ROLES.join(',')}}'`;

/**
 * Who hears back about a hand-off on its sending side, as an SQL array over the hand-off row `h`,
 * read when the notice is written: its sender, whoever was assigned the case when it was sent, and
 * whoever is assigned it now, as far as they are still active counsellors or leads of the sending
 * organisation (an account left with only the admin role can read neither the case nor the hand-off).
 * When none of them is (all left, or were deactivated), the organisation's leads, else its whole
 * team: an answer to a referral must reach somebody who can act on it. `alsoAssigned` (an SQL uuid
 * expression) names who had the case until it moved within the same transaction (a transfer).
 */
export const sendingSideSql = (h: string, alsoAssigned = 'NULL::uuid') =>
  elseLeadsElseTeamSql(
    `(SELECT array_agg(id) FROM users WHERE ${teamOfSql(`${h}.sending_organisation_id`, TEAM)}
       AND id IN (${h}.sender_id, ${h}.sender_case_assignee_id, (SELECT assignee_id FROM cases WHERE id = ${h}.case_id), ${alsoAssigned}))`,
    `${h}.sending_organisation_id`,
  );

/**
 * Who works on an accepted hand-off at its target, as an SQL array over `h`: the counsellor it was
 * accepted for while an active counsellor or lead there, else the target organisation's leads, else
 * its whole team.
 */
export const targetWorkerSql = (h: string) =>
  elseLeadsElseTeamSql(
    `(SELECT array_agg(id) FROM users WHERE id = ${h}.target_assignee_id AND ${teamOfSql(`${h}.target_organisation_id`, TEAM)})`,
    `${h}.target_organisation_id`,
  );

/**
 * The target organisation's leads, else its whole team, as an SQL array over `h`: an overdue answer
 * must reach somebody there also when it has no active lead.
 */
export const targetLeadsElseTeamSql = (h: string) => elseLeadsElseTeamSql('NULL::uuid[]', `${h}.target_organisation_id`);
