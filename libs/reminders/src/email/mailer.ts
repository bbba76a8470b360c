import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type NodemailerError, type SMTPPoolOptions, type SMTPPoolSentMessageInfo, type Transporter } from 'nodemailer';

export interface MailerSettings {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`; null switches e-mail off. */
  url: string | null;
  /** Sender address, e.g. `Fallkoordination Leipzig <no-reply@example.org>`. */
  from: string;
}

export const MAILER_SETTINGS = Symbol('MAILER_SETTINGS');

/** How long to wait for a connection, the greeting and each server reply before giving up on a message. */
const TIMEOUT_MS = 10_000;
/** One recipient, no lists: a staff address from the database. */
const SINGLE_ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+$/;

/**
 * Why a message was not sent. `permanent` (a 5xx reply such as an unknown recipient, or a message
 * this mailer refuses) means sending the same message again will fail again; otherwise retry later.
 */
export class MailDeliveryError extends Error {
  override readonly name = 'MailDeliveryError';

  constructor(
    message: string,
    readonly permanent: boolean,
    readonly responseCode: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Plain-text e-mail over SMTP through a connection pool. Never logs addresses or bodies. */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly transport: Transporter<SMTPPoolSentMessageInfo, SMTPPoolOptions> | null;
  private readonly from: string;

  constructor(@Inject(MAILER_SETTINGS) settings: MailerSettings) {
    this.from = settings.from;
    if (settings.url === null) {
      this.transport = null;
      return;
    }
    // Checked here so a typo fails at start-up; the URL itself is not repeated, it may hold a password.
    if (!/^smtps?:\/\/[^\s/]+/i.test(settings.url)) throw new Error('Mailer: the SMTP URL must start with smtp:// or smtps://');
    this.transport = createTransport({
      url: settings.url,
      pool: true,
      maxConnections: 3,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
      // Plain text only: no attachments or embedded content may be read from disk or fetched.
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
    });
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** Sends one plain-text e-mail; throws on SMTP errors (the caller retries). */
  async send(message: { to: string; subject: string; text: string }): Promise<void> {
    if (!this.transport) {
      throw new MailDeliveryError('E-mail is switched off (no SMTP URL configured); check Mailer.enabled before sending', true);
    }
    if (!SINGLE_ADDRESS.test(message.to)) throw new MailDeliveryError('The recipient must be a single e-mail address', true);
    let rejected: string[];
    try {
      const info = await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
      rejected = info.rejected;
    } catch (error) {
      throw deliveryError(error);
    }
    // nodemailer fails when every recipient is refused; with one recipient this is only a safety net.
    if (rejected.length > 0) throw new MailDeliveryError('The SMTP server rejected the recipient', true);
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

/** nodemailer's error in short: its code, the SMTP reply and whether it is permanent (never the message itself). */
function deliveryError(error: unknown): MailDeliveryError {
  const details = (error ?? {}) as NodemailerError;
  const code = typeof details.code === 'string' ? ` (${details.code})` : '';
  const reason = typeof details.message === 'string' ? details.message : String(error);
  return new MailDeliveryError(`Sending e-mail failed${code}: ${reason}`, details.permanent === true, details.responseCode ?? null, {
    cause: error,
  });
}
