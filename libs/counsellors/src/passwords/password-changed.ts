import type { EntityManager } from 'typeorm';
import type { NotificationsService } from '@app/reminders';

/** Who changed a password: the user (with the current one), an admin, or the user with a reset link. */
export type PasswordChangedBy = 'self' | 'admin' | 'reset-link';

/**
 * Tells the account's owner, in-app and by e-mail, that its password changed, in the transaction
 * that changes it: whoever takes an account over cannot do it unnoticed.
 */
export function tellPasswordChanged(
  notifications: NotificationsService,
  manager: EntityManager,
  userId: string,
  by: PasswordChangedBy,
): Promise<void> {
  return notifications.notify(manager, [userId], { kind: 'password_changed', data: { by } });
}

/**
 * Ends the account's unused password links, in the transaction that changes its password otherwise
 * (the user with the current one, or an admin): a reset asked for earlier is moot, and a leaked
 * link must not undo the change.
 */
export async function endUnusedPasswordLinks(manager: EntityManager, userId: string): Promise<void> {
  await manager.query('DELETE FROM password_links WHERE user_id = $1 AND used_at IS NULL', [userId]);
}
