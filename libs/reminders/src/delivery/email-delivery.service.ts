import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock, Environment, returnedRows } from '@app/core';
import { renderEmail } from '../email/email-templates';
import { MailDeliveryError, Mailer } from '../email/mailer';

/** After this many failed attempts an e-mail is marked failed (its in-app notification stays). */
const MAX_ATTEMPTS = 6;

/**
 * Sends the e-mail of one notification: claims it (pending → sending), renders the recipient's
 * language with the case code and a link only, sends over SMTP, marks it sent. SMTP cannot be
 * exactly-once; a worker dying between sending and marking may send one e-mail twice, never lose it.
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
        `UPDATE notifications n SET email_status = 'sending', email_claimed_at = $2, email_attempts = n.email_attempts + 1
         FROM users u
        WHERE n.id = $1 AND u.id = n.recipient_id
          AND (n.email_status = 'pending' OR (n.email_status = 'sending' AND n.email_claimed_at < $3))
        RETURNING n.id, n.kind, n.case_code, n.handoff_id, n.case_id, n.data, n.email_attempts, u.email, u.preferred_locale, u.active`,
        [notificationId, now, new Date(now.getTime() - 5 * 60_000)],
      )
      .then((result: unknown) => returnedRows<ClaimedEmail>(result));
    if (!claimed) return 'settled';
    if (!claimed.active || !this.mailer.enabled) {
      await this.mark(notificationId, 'skipped');
      return 'skipped';
    }
    const email = renderEmail(claimed.kind, claimed.preferred_locale, {
      caseCode: claimed.case_code,
      link: this.linkFor(claimed),
      count: typeof claimed.data?.count === 'number' ? claimed.data.count : undefined,
      dueAt: typeof claimed.data?.responseDueAt === 'string' ? new Date(claimed.data.responseDueAt) : null,
      reason: typeof claimed.data?.reason === 'string' ? claimed.data.reason : null,
    });
    try {
      await this.mailer.send({ to: claimed.email, subject: email.subject, text: email.text });
    } catch (error) {
      // A refusal such as "550 no such user" will not change by retrying.
      if (error instanceof MailDeliveryError && error.permanent) {
        await this.mark(notificationId, 'failed');
        throw new UnrecoverableError(error.message);
      }
      await this.mark(notificationId, claimed.email_attempts >= MAX_ATTEMPTS ? 'failed' : 'pending');
      throw error;
    }
    await this.mark(notificationId, 'sent');
    return 'sent';
  }

  private async mark(notificationId: string, status: 'sent' | 'skipped' | 'pending' | 'failed'): Promise<void> {
    await this.dataSource.query(`UPDATE notifications SET email_status = $2 WHERE id = $1`, [notificationId, status]);
  }

  /** Links lead to the web front end, which asks for a login; they carry ids and codes only. */
  private linkFor(email: ClaimedEmail): string {
    const base = this.environment.PUBLIC_BASE_URL.replace(/\/$/, '');
    if (email.handoff_id) return `${base}/handoffs/${email.handoff_id}`;
    if (email.case_id) return `${base}/cases/${email.case_id}`;
    return `${base}/notifications`;
  }
}

interface ClaimedEmail {
  id: string;
  kind: Parameters<typeof renderEmail>[0];
  case_code: string | null;
  handoff_id: string | null;
  case_id: string | null;
  data: Record<string, unknown> | null;
  email_attempts: number;
  email: string;
  preferred_locale: string;
  active: boolean;
}
