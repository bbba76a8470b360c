import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { renderEmail } from './email-templates';
import { MailDeliveryError, Mailer } from './mailer';

interface ReceivedMessage {
  mailFrom: string;
  recipients: string[];
  raw: string;
}

const FROM = 'Fallkoordination Leipzig <no-reply@beratung.example.org>';
const UNKNOWN_RECIPIENT = 'nobody@beratung.example.org';

/** A real SMTP server on a free local port that keeps what it receives and refuses UNKNOWN_RECIPIENT. */
async function startSmtpServer(): Promise<{ port: number; received: ReceivedMessage[]; close: () => Promise<void> }> {
  const received: ReceivedMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === UNKNOWN_RECIPIENT) callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The header block and the decoded body of a received message (enough MIME for single-part text). */
function parseMessage(raw: string): { header: (name: string) => string | undefined; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headerLines = raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n');
  const header = (name: string) =>
    headerLines
      .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      ?.slice(name.length + 1)
      .trim();
  const encoded = raw.slice(split + 4);
  const encoding = header('Content-Transfer-Encoding')?.toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(encoded, 'base64')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            encoded.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          )
        : Buffer.from(encoded, 'utf8');
  return { header, body: bytes.toString('utf8').replace(/\r\n/g, '\n').trimEnd() };
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) back to text. */
function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, mode: string, text: string) =>
    mode.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

describe('Mailer', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let mailer: Mailer;

  beforeEach(async () => {
    smtp = await startSmtpServer();
    mailer = new Mailer({ url: `smtp://127.0.0.1:${smtp.port}`, from: FROM });
  });

  afterEach(async () => {
    mailer.onModuleDestroy();
    await smtp.close();
  });

  it('delivers a plain-text e-mail with recipient, sender, subject and body', async () => {
    expect(mailer.enabled).toBe(true);
    await mailer.send({
      to: 'counsellor@beratung.example.org',
      subject: 'Case 7K3M-Q9XZ assigned',
      text: 'Hello,\n\nopen the case: https://x.example/c/1',
    });

    expect(smtp.received).toHaveLength(1);
    const [message] = smtp.received;
    expect(message.recipients).toEqual(['counsellor@beratung.example.org']);
    expect(message.mailFrom).toBe('no-reply@beratung.example.org');
    const parsed = parseMessage(message.raw);
    expect(parsed.header('To')).toBe('counsellor@beratung.example.org');
    expect(parsed.header('From')).toBe(FROM);
    expect(parsed.header('Subject')).toBe('Case 7K3M-Q9XZ assigned');
    expect(parsed.header('Content-Type')).toMatch(/^text\/plain; charset=utf-8/i);
    expect(parsed.body).toBe('Hello,\n\nopen the case: https://x.example/c/1');
  });

  it('delivers a rendered German e-mail with its umlauts intact', async () => {
    const email = renderEmail('handoff_withdrawn', 'de', { caseCode: '7K3M-Q9XZ', link: 'https://backoffice.example.org/handoffs/1' });
    await mailer.send({ to: 'team@beratung.example.org', ...email });

    const parsed = parseMessage(smtp.received[0].raw);
    expect(decodeHeader(parsed.header('Subject') ?? '')).toBe('Weiterleitung zurückgezogen: Fall 7K3M-Q9XZ');
    expect(parsed.body).toBe(email.text.trimEnd());
  });

  it('sends several messages over the pool', async () => {
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((name) => mailer.send({ to: `${name}@beratung.example.org`, subject: `to ${name}`, text: 'Hello' })),
    );
    expect(smtp.received.flatMap((message) => message.recipients).sort()).toEqual(
      ['a', 'b', 'c', 'd'].map((name) => `${name}@beratung.example.org`),
    );
  });

  it('throws a permanent error when the server rejects the recipient, and sends nothing', async () => {
    const sending = mailer.send({ to: UNKNOWN_RECIPIENT, subject: 'Hello', text: 'Hello' });
    await expect(sending).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(sending).rejects.toMatchObject({ permanent: true, responseCode: 550, message: expect.stringContaining('No such user') });
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses a recipient that is not exactly one address', async () => {
    for (const to of ['a@x.example, b@x.example', 'a@x.example\r\nBcc: b@x.example', 'not-an-address', '']) {
      await expect(mailer.send({ to, subject: 'Hello', text: 'Hello' })).rejects.toThrow(/single e-mail address/);
    }
    expect(smtp.received).toHaveLength(0);
  });

  it('throws a transient error when the server cannot be reached', async () => {
    await smtp.close();
    const unreachable = new Mailer({ url: `smtp://127.0.0.1:${smtp.port}`, from: FROM });
    try {
      await expect(unreachable.send({ to: 'a@beratung.example.org', subject: 'Hello', text: 'Hello' })).rejects.toMatchObject({
        name: 'MailDeliveryError',
        permanent: false,
      });
    } finally {
      unreachable.onModuleDestroy();
    }
  });
});

describe('Mailer without an SMTP URL', () => {
  it('is disabled and says so when asked to send', async () => {
    const mailer = new Mailer({ url: null, from: FROM });
    expect(mailer.enabled).toBe(false);
    await expect(mailer.send({ to: 'a@beratung.example.org', subject: 'Hello', text: 'Hello' })).rejects.toThrow(
      /E-mail is switched off \(no SMTP URL configured\)/,
    );
    mailer.onModuleDestroy();
  });

  it('refuses a URL that is not smtp:// or smtps://, without repeating it', () => {
    expect(() => new Mailer({ url: 'http://user:secret@mail.example.org', from: FROM })).toThrow(/smtp:\/\/ or smtps:\/\//);
    expect(() => new Mailer({ url: 'http://user:secret@mail.example.org', from: FROM })).not.toThrow(/secret/);
  });
});
