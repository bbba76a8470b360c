import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock, Environment, passwordLinkUrl, returnedRows } from '@app/core';
import { renderEmail } from '../email/email-templates';
import { MailDeliveryError, Mailer } from '../email/mailer';
import { EMAIL_CLAIM_TIMEOUT_MS } from './queues';

/** After this many failed attempts an e-mail is marked failed (its in-app notification stays). */
const MAX_ATTEMPTS = 6;

/**
 * Notices about who can reach an organisation's cases go out even to someone deactivated since they
 * were written: an admin taking the organisation's people out one by one must not outrun them.
 */
const ACCOUNT_NOTICES = new Set<string>(['account_access_granted', 'account_access_removed']);

/**
 * Sends the e-mail of one notification: claims its outbox row, renders the recipient's language with
 * the case code and a link only, sends over SMTP, and deletes the row. SMTP cannot be exactly-once; a
 * worker dying between sending and deleting may send one e-mail twice, never lose it.
 */
@Injectable()
export class EmailDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    private readonly environment: Environment,
    private readonly clock: Clock,
  ) {}

  async send(notificationId: string): Promise<'sent' | 'skipped' | 'settled'> {
    const now = this.clock.now();
    const [claimed]: ClaimedEmail[] = await this.dataSource
      .query(
        `UPDATE email_outbox o SET claimed_at = $2, attempts = o.attempts + 1
         FROM notifications n JOIN users u ON u.id = n.recipient_id JOIN organisations uo ON uo.id = u.organisation_id
        WHERE o.notification_id = $1 AND n.id = o.notification_id
          AND o.failed_at IS NULL AND (o.claimed_at IS NULL OR o.claimed_at < $3)
        RETURNING n.id, n.kind, n.case_code, n.handoff_id, n.case_id, n.data, o.attempts, u.email, u.preferred_locale, u.active AND uo.active AS active`,
        [notificationId, now, new Date(now.getTime() - EMAIL_CLAIM_TIMEOUT_MS)],
      )
      .then((result: unknown) => returnedRows<ClaimedEmail>(result));
    if (!claimed) return 'settled';
    if ((!claimed.active && !ACCOUNT_NOTICES.has(claimed.kind)) || !this.mailer.enabled) {
      await this.finish(notificationId);
      return 'skipped';
    }
    const email = renderEmail(claimed.kind, claimed.preferred_locale, {
      caseCode: claimed.case_code,
      link: this.linkFor(claimed),
      count: typeof claimed.data?.count === 'number' ? claimed.data.count : undefined,
      dueAt: dueAt(claimed.data),
      dueOn: typeof claimed.data?.followUpOn === 'string' ? claimed.data.followUpOn : null,
      reason: typeof claimed.data?.reason === 'string' ? claimed.data.reason : null,
    });
    try {
      await this.mailer.send({ to: claimed.email, subject: email.subject, text: email.text });
    } catch (error) {
      // A refusal such as "550 no such user" will not change by retrying.
      if (error instanceof MailDeliveryError && error.permanent) {
        await this.release(notificationId, true);
        throw new UnrecoverableError(error.message);
      }
      await this.release(notificationId, claimed.attempts >= MAX_ATTEMPTS);
      throw error;
    }
    await this.finish(notificationId);
    return 'sent';
  }

  /** Sent or skipped: nothing more to do for this e-mail. */
  private async finish(notificationId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM email_outbox WHERE notification_id = $1`, [notificationId]);
  }

  /** Not sent: to be tried again when its job retries, or given up for good. */
  private async release(notificationId: string, givingUp: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE email_outbox SET claimed_at = NULL, failed_at = CASE WHEN $2 THEN $3::timestamptz END WHERE notification_id = $1`,
      [notificationId, givingUp, this.clock.now()],
    );
  }

  /**
   * Links lead to the web front end, which asks for a login; they carry ids and codes only (of a
   * hand-off, a case, or the staff account a notice is about). A password link (invitation or reset)
   * carries its token, signed here: only its id is stored.
   */
  private linkFor(email: ClaimedEmail): string {
    const linkId = email.data?.passwordLinkId;
    if (typeof linkId === 'string') return passwordLinkUrl(this.environment.PUBLIC_BASE_URL, linkId, this.environment.JWT_SECRET);
    const base = this.environment.PUBLIC_BASE_URL.replace(/\/$/, '');
    if (typeof email.data?.accountId === 'string') return `${base}/users/${email.data.accountId}`;
    if (email.handoff_id) return `${base}/handoffs/${email.handoff_id}`;
    if (email.case_id) return `${base}/cases/${email.case_id}`;
    return `${base}/notifications`;
  }
}

/** When a hand-off's answer is due, or a password link expires. */
function dueAt(data: Record<string, unknown> | null): Date | null {
  const at = data?.responseDueAt ?? data?.expiresAt;
  return typeof at === 'string' ? new Date(at) : null;
}

interface ClaimedEmail {
  id: string;
  kind: Parameters<typeof renderEmail>[0];
  case_code: string | null;
  handoff_id: string | null;
  case_id: string | null;
  data: Record<string, unknown> | null;
  attempts: number;
  email: string;
  preferred_locale: string;
  active: boolean;
}
