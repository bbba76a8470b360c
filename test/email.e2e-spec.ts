/**
 * The e-mail channel end to end: the API writes notifications, the real worker (BullMQ on the real
 * Redis) sends them over SMTP to a real SMTP server on loopback. E-mails carry no case content beyond
 * the case code and a link (data minimisation), in the recipient's language.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createCase, createNetwork, CONSENT, type TestNetwork } from './support/network';
import { bearer, TestApp, type TestUser } from './support/test-app';
import { TestWorker } from './support/test-worker';
import { eventually, pause } from './support/eventually';
import { explain, planNodes } from './support/query-plan';
import { JOBS_REPORT_COUNTS_SQL, SKIP_PENDING_EMAILS_SQL } from '@app/reminders';

const API = '/api/v1';
const BASE_URL = 'https://beratung.example';
const CASE_CODE = /\b[0-9A-Z]{4}-[0-9A-Z]{4}\b/;

/** Distinctive free text and attributes that must never leave the system by e-mail. */
const HANDOFF_MESSAGE = 'Bitte Termin für Familie mit drei Kindern, Wohnungssuche dringend';
const NOTE_TEXT = 'Vermieterin droht mit Kündigung, Mietrückstand seit dem Herbst';
const DECLINE_COMMENT = 'Unser Beratungsteam ist auf Wochen ausgebucht, Warteliste geschlossen';
const CASE_ATTRIBUTES = { district: 'nordwest', languages: ['ti', 'so'], needs: ['housing'], ageBand: '27-44' };
/** The same attributes as words (code and display name), as they could appear in a leaky template. */
const ATTRIBUTE_WORDS = ['nordwest', 'Nordwest', 'Tigrinya', 'Somali', '27-44', 'housing'];

interface ReceivedEmail {
  recipients: string[];
  to: string;
  subject: string;
  body: string;
  raw: string;
}

interface SmtpServer {
  port: number;
  received: ReceivedEmail[];
  /** RCPT TO commands answered with 451, by address. */
  refused: string[];
  /** Addresses whose first RCPT TO gets a temporary 451 (greylisting); later attempts are accepted. */
  refuseOnce: Set<string>;
  /** Addresses always answered with a permanent 550. */
  unknown: Set<string>;
  close(): Promise<void>;
}

/** A real SMTP server on a free loopback port, without STARTTLS or authentication, that keeps every message. */
async function startSmtpServer(): Promise<SmtpServer> {
  const received: ReceivedEmail[] = [];
  const refused: string[] = [];
  const refuseOnce = new Set<string>();
  const unknown = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (unknown.has(address.address)) {
        refused.push(address.address);
        callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
      } else if (refuseOnce.delete(address.address)) {
        refused.push(address.address);
        callback(Object.assign(new Error('4.7.1 Greylisted, please try again later'), { responseCode: 451 }));
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = parseMessage(raw);
        received.push({
          recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
          to: parsed.header('To') ?? '',
          subject: decodeHeader(parsed.header('Subject') ?? ''),
          body: parsed.body,
          raw,
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
  return { port, received, refused, refuseOnce, unknown, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The header block and the decoded body of a single-part text message. */
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

interface NotificationRow {
  recipient_id: string;
  kind: string;
  /** done: sent or skipped (out of the outbox); queued: still to send; failed: given up. */
  email: 'done' | 'queued' | 'failed';
  /** Attempts so far, while the e-mail is in the outbox. */
  attempts: number | null;
}

const notificationsOf = (t: TestApp, handoffId: string, kind: string): Promise<NotificationRow[]> =>
  t.dataSource.query(
    `SELECT n.recipient_id, n.kind, o.attempts,
            CASE WHEN o.notification_id IS NULL THEN 'done' WHEN o.failed_at IS NULL THEN 'queued' ELSE 'failed' END AS email
       FROM notifications n LEFT JOIN email_outbox o ON o.notification_id = n.id
      WHERE n.handoff_id = $1 AND n.kind = $2 ORDER BY n.recipient_id`,
    [handoffId, kind],
  );

/** Waits until every notification of that kind for the hand-off is done with its e-mail (sent, skipped or failed), and returns them. */
const settledNotifications = (t: TestApp, handoffId: string, kind: string, timeoutMs?: number) =>
  eventually(async () => {
    const rows = await notificationsOf(t, handoffId, kind);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(['done', 'failed']).toContain(row.email);
    return rows;
  }, timeoutMs);

/** A case of `user` with a note, then a hand-off of it to `targetOrganisationId`, all through the API. */
async function handOff(
  t: TestApp,
  from: TestUser,
  targetOrganisationId: string,
): Promise<{ id: string; caseId: string; caseCode: string }> {
  const created = await createCase(t, from, CASE_ATTRIBUTES);
  const note = await t.http.post(`${API}/cases/${created.id}/notes`).set(bearer(from)).send({ text: NOTE_TEXT });
  expect(note.status).toBe(201);
  const response = await t.http
    .post(`${API}/cases/${created.id}/handoffs`)
    .set(bearer(from))
    .send({ targetOrganisationId, kind: 'referral', domains: ['housing'], message: HANDOFF_MESSAGE, consent: CONSENT });
  expect(response.status).toBe(201);
  return { id: response.body.id, caseId: created.id, caseCode: created.code };
}

async function decline(t: TestApp, by: TestUser, handoffId: string): Promise<void> {
  const response = await t.http
    .post(`${API}/handoffs/${handoffId}/decline`)
    .set(bearer(by))
    .send({ reason: 'no_capacity', comment: DECLINE_COMMENT });
  expect(response.status).toBe(200);
}

/** Nothing of the case but its code and the link: no free text, no attributes, no internal ids. */
function expectMinimal(email: ReceivedEmail, caseId: string): void {
  for (const text of [email.subject, email.body, email.raw]) {
    for (const secret of [
      HANDOFF_MESSAGE,
      'Wohnungssuche',
      'drei Kindern',
      NOTE_TEXT,
      'Vermieterin',
      DECLINE_COMMENT,
      'ausgebucht',
      caseId,
    ])
      expect(text).not.toContain(secret);
    for (const word of ATTRIBUTE_WORDS) expect(text).not.toContain(word);
  }
}

describe('e-mail notifications over SMTP', () => {
  let smtp: SmtpServer;
  let t: TestApp;
  let worker: TestWorker;
  let network: TestNetwork;
  /** A's team (counsellors and leads), who receive hand-offs, by address. */
  let team: { id: string; email: string; locale: 'de' | 'en' }[];
  let adminC: TestUser;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await TestApp.start({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, WORKER_POLL_INTERVAL_MS: '100', PUBLIC_BASE_URL: BASE_URL });
    worker = await TestWorker.start();
    network = await createNetwork(t);
    adminC = await t.createUser(network.orgC, ['org_admin']);
    await t.dataSource.query(`UPDATE users SET preferred_locale = 'en' WHERE id = $1`, [network.users.counsellor.id]);
    await t.dataSource.query(`UPDATE users SET preferred_locale = 'de' WHERE id = $1`, [network.users.lead.id]);
    team = await t.dataSource.query(
      `SELECT id, email, preferred_locale AS locale FROM users WHERE organisation_id = $1 AND roles && '{counsellor,lead}'::text[] ORDER BY email`,
      [network.orgA],
    );
  });

  afterAll(async () => {
    await worker?.stop();
    await t?.stop();
    await smtp?.close();
  });

  const emailsAbout = (handoffId: string) => smtp.received.filter((email) => email.body.includes(`${BASE_URL}/handoffs/${handoffId}`));
  const emailsTo = (address: string) => smtp.received.filter((email) => email.recipients.includes(address));

  describe('a hand-off from C to A', () => {
    let handoff: { id: string; caseId: string; caseCode: string };

    beforeAll(async () => {
      handoff = await handOff(t, network.counsellorC, network.orgA);
      await settledNotifications(t, handoff.id, 'handoff_received');
      await eventually(async () => expect(emailsAbout(handoff.id)).toHaveLength(team.length));
    });

    it('e-mails each counsellor and lead of A exactly once, and nobody else', async () => {
      expect(team.map((member) => member.id)).toEqual(
        expect.arrayContaining([network.users.counsellor.id, network.users.lead.id, network.targetUserA]),
      );
      await pause(500); // a few more worker ticks: nothing is sent twice
      const emails = emailsAbout(handoff.id);
      expect(emails.map((email) => email.recipients)).toEqual(expect.arrayContaining(team.map((member) => [member.email])));
      expect(emails).toHaveLength(team.length);
      for (const member of team) expect(emailsTo(member.email)).toHaveLength(1);
      for (const email of emails) expect(email.recipients).toEqual([email.to]);
      for (const outsider of [network.users.orgAdmin, network.counsellorC, network.users.otherCounsellor, network.users.coordinator])
        expect(emailsTo(outsider.email)).toHaveLength(0);
    });

    it("writes in each recipient's language, with the case code and a link to the hand-off", () => {
      const link = `${BASE_URL}/handoffs/${handoff.id}`;
      expect(handoff.caseCode).toMatch(CASE_CODE);
      const [english] = emailsTo(network.users.counsellor.email);
      expect(english.subject).toBe(`New referral: case ${handoff.caseCode}`);
      expect(english.body).toContain('Hello,');
      expect(english.body).toContain(`case ${handoff.caseCode} has been referred to your organisation`);
      expect(english.body).toContain(`Open the referral: ${link}`);
      expect(english.body).not.toContain('Guten Tag');
      const [german] = emailsTo(network.users.lead.email);
      expect(german.subject).toBe(`Neue Weiterleitung: Fall ${handoff.caseCode}`);
      expect(german.body).toContain('Guten Tag,');
      expect(german.body).toContain(`der Fall ${handoff.caseCode} weitergeleitet`);
      expect(german.body).toContain(`Zur Weiterleitung: ${link}`);
      expect(german.body).toContain('Datenschutzgründen');
      expect(german.body).not.toContain('Hello');
    });

    it('carries no case content: not the message, the note or the case attributes', () => {
      for (const email of emailsAbout(handoff.id)) {
        expectMinimal(email, handoff.caseId);
        // The only case reference is its code; the only URL is the link.
        expect(email.body.match(/https?:\/\/\S+/g)).toEqual([`${BASE_URL}/handoffs/${handoff.id}`]);
        // (Outside the link: a UUID can contain four digits, a dash and four digits.)
        const text = email.body.replace(/https?:\/\/\S+/g, '');
        expect([...text.matchAll(new RegExp(CASE_CODE, 'g'))].map((match) => match[0])).toEqual([handoff.caseCode]);
      }
    });

    it('takes the sent e-mails out of the outbox and keeps the notifications in the in-app inbox', async () => {
      const rows = await notificationsOf(t, handoff.id, 'handoff_received');
      expect(rows.map((row) => row.recipient_id).sort()).toEqual(team.map((member) => member.id).sort());
      for (const row of rows) expect(row).toMatchObject({ email: 'done', attempts: null });
      const inbox = await t.http.get(`${API}/notifications`).set(bearer(network.users.counsellor));
      expect(inbox.body.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'handoff_received', handoffId: handoff.id, caseCode: handoff.caseCode })]),
      );
    });

    it('tells the sender of a decline the reason, but not the comment', async () => {
      await decline(t, network.users.counsellor, handoff.id);
      const [row] = await settledNotifications(t, handoff.id, 'handoff_declined');
      expect(row).toMatchObject({ recipient_id: network.counsellorC.id, email: 'done' });
      const emails = await eventually(async () => {
        const found = emailsTo(network.counsellorC.email);
        expect(found).toHaveLength(1);
        return found;
      });
      const [email] = emails;
      expect(email.subject).toBe(`Weiterleitung abgelehnt: Fall ${handoff.caseCode}`);
      expect(email.body).toContain('Grund: keine freien Kapazitäten');
      expect(email.body).toContain(`${BASE_URL}/handoffs/${handoff.id}`);
      expect(email.body).not.toContain('no_capacity');
      expectMinimal(email, handoff.caseId);
      // The comment itself is kept for the sender in the app.
      const view = await t.http.get(`${API}/handoffs/${handoff.id}`).set(bearer(network.counsellorC));
      expect(view.body.comment).toBe(DECLINE_COMMENT);
    });
  });

  it("tells the sending side's team when the sender has left (C has no lead), and skips any e-mail to a deactivated recipient", async () => {
    const leaver = await t.createUser(network.orgC, ['counsellor']);
    const handoff = await handOff(t, leaver, network.orgA);
    const deactivated = await t.http.patch(`${API}/users/${leaver.id}`).set(bearer(adminC)).send({ active: false });
    expect(deactivated.status).toBe(200);
    await decline(t, network.users.lead, handoff.id);

    const teamOfC: { id: string; lead: boolean }[] = await t.dataSource.query(
      `SELECT id, 'lead' = ANY(roles) AS lead FROM users WHERE organisation_id = $1 AND active AND roles && '{counsellor,lead}' ORDER BY id`,
      [network.orgC],
    );
    expect(teamOfC.filter((user) => user.lead)).toEqual([]);
    expect(teamOfC.length).toBeGreaterThan(0);
    const rows = await settledNotifications(t, handoff.id, 'handoff_declined');
    expect(rows.map((row) => row.recipient_id)).toEqual(teamOfC.map((user) => user.id));
    // A notice that still reaches a deactivated account (written before it left) is not e-mailed.
    await t.dataSource.query(
      `INSERT INTO notifications (recipient_id, kind, handoff_id, case_code, data) VALUES ($1, 'handoff_declined', $2, $3, '{}')`,
      [leaver.id, handoff.id, handoff.caseCode],
    );
    expect(await settledNotifications(t, handoff.id, 'handoff_declined')).toContainEqual(
      expect.objectContaining({ recipient_id: leaver.id, email: 'done' }),
    );
    await settledNotifications(t, handoff.id, 'handoff_received');
    await pause(300);
    expect(emailsTo(leaver.email)).toHaveLength(0);
    // A's team was still told about the hand-off itself.
    const teamAddresses = new Set(team.map((member) => member.email));
    expect(emailsAbout(handoff.id).filter((sent) => sent.recipients.some((address) => teamAddresses.has(address)))).toHaveLength(
      team.length,
    );
  });

  it('sends nothing to the staff of an organisation the coordinator deactivated', async () => {
    const leavingOrganisation = await t.createOrganisation();
    const leaver = await t.createUser(leavingOrganisation, ['counsellor']);
    const handoff = await handOff(t, leaver, network.orgA);
    const deactivated = await t.http
      .patch(`${API}/organisations/${leavingOrganisation}`)
      .set(bearer(network.users.coordinator))
      .send({ active: false });
    expect(deactivated.status).toBe(200);
    await decline(t, network.users.lead, handoff.id);

    const rows = await settledNotifications(t, handoff.id, 'handoff_declined');
    expect(rows).toEqual([expect.objectContaining({ recipient_id: leaver.id, email: 'done' })]);
    await pause(300);
    expect(emailsTo(leaver.email)).toHaveLength(0);
  });

  it('tells the sender of a pending hand-off by e-mail when its target leaves the network', async () => {
    const leavingOrganisation = await t.createOrganisation();
    await t.createUser(leavingOrganisation, ['counsellor']);
    const sender = await t.createUser(network.orgC, ['counsellor']);
    const handoff = await handOff(t, sender, leavingOrganisation);
    const deactivated = await t.http
      .patch(`${API}/organisations/${leavingOrganisation}`)
      .set(bearer(network.users.coordinator))
      .send({ active: false });
    expect(deactivated.status).toBe(200);

    await eventually(async () => expect(emailsTo(sender.email)).toHaveLength(1));
    const [email] = emailsTo(sender.email);
    expect(email.subject).toBe(`Weiterleitung ohne Empfänger: Fall ${handoff.caseCode}`);
    expect(email.body).toContain(`${BASE_URL}/handoffs/${handoff.id}`);
    expectMinimal(email, handoff.caseId);
  });

  it('shows the follow-up date in the e-mail of a case follow-up, delivered by the worker', async () => {
    // network.users.counsellor reads English, and the case is assigned to it as its creator.
    const created = await createCase(t, network.users.counsellor, { followUpOn: '2099-03-05' });
    await t.dataSource.query(`UPDATE reminders SET due_at = now() WHERE case_id = $1 AND kind = 'case_follow_up'`, [created.id]);
    const link = `${BASE_URL}/cases/${created.id}`;
    const [email] = await eventually(async () => {
      const found = emailsTo(network.users.counsellor.email).filter((sent) => sent.body.includes(link));
      expect(found).toHaveLength(1);
      return found;
    });
    expect(email.subject).toBe(`Follow-up due: case ${created.code}`);
    expect(email.body).toContain('Follow-up: 5 Mar 2099\n');
  });

  it("e-mails an invitation whose link sets the new user's password once; the database alone holds no working link", async () => {
    const email = `eingeladen.${Date.now()}@test.example`;
    const created = await t.http
      .post('/api/v1/users')
      .set(bearer(adminC))
      .send({ email, displayName: 'E. Eingeladen', roles: ['counsellor'], preferredLocale: 'en' });
    expect(created.status).toBe(201);
    await eventually(async () => expect(emailsTo(email)).toHaveLength(1));
    const [invitation] = emailsTo(email);
    expect(invitation.subject).toBe('Your account in the Leipzig counselling network');
    const token = invitation.body.match(new RegExp(`${BASE_URL}/set-password#token=(\\S+)`))?.[1];
    expect(token).toEqual(expect.stringMatching(/^[0-9a-f-]{36}\.[\w-]{43}$/));
    // Only the link's id is stored; its signature is in the e-mail alone.
    const stored = JSON.stringify(
      await t.dataSource.query(`SELECT * FROM password_links l JOIN notifications n ON n.recipient_id = l.user_id WHERE l.user_id = $1`, [
        created.body.id,
      ]),
    );
    expect(stored).toContain(token!.split('.')[0]);
    expect(stored).not.toContain(token!.split('.')[1]);

    const set = (newPassword: string) => t.http.post('/api/v1/auth/password/set').send({ token, newPassword });
    expect((await set('ein langer satz als passwort')).status).toBe(204);
    expect((await set('noch ein langer satz als passwort')).status).toBe(400);
    expect((await t.http.post('/api/v1/auth/login').send({ email, password: 'ein langer satz als passwort' })).status).toBe(200);
  });

  it("tells an organisation's other admins of a new account by e-mail: a link to it, nothing about the person", async () => {
    const watcher = await t.createUser(network.orgC, ['org_admin'], { email: `zweite.admin.${Date.now()}@test.example` });
    const email = `neu.zugang.${Date.now()}@test.example`;
    const created = await t.http
      .post('/api/v1/users')
      .set(bearer(adminC))
      .send({ email, displayName: 'N. Neuzugang', password: 'ein langer satz als passwort', roles: ['counsellor'] });
    expect(created.status).toBe(201);

    await eventually(async () => expect(emailsTo(watcher.email)).toHaveLength(1));
    const [notice] = emailsTo(watcher.email);
    expect(notice.subject).toBe('Neuer Zugang in Ihrer Organisation');
    expect(notice.body).toContain(`${BASE_URL}/users/${created.body.id}`);
    for (const text of [notice.subject, notice.body, notice.raw])
      for (const personal of [email, 'Neuzugang']) expect(text).not.toContain(personal);
    // The admin who created the account is not told of it: no notice, so no e-mail can follow.
    const toCreator = await t.dataSource.query(
      `SELECT 1 FROM notifications WHERE recipient_id = $1 AND kind = 'account_access_granted' AND data->>'accountId' = $2`,
      [adminC.id, created.body.id],
    );
    expect(toCreator).toEqual([]);
    expect(emailsTo(adminC.email).filter((sent) => sent.body.includes(created.body.id))).toHaveLength(0);
  });

  it('e-mails a notice about access to the organisation even to someone deactivated since it was written', async () => {
    // An admin taking the organisation's people out one by one must not outrun the notices about it.
    const watcher = await t.createUser(network.orgC, ['lead'], { active: false, email: `abgemeldet.${Date.now()}@test.example` });
    const account = await t.createUser(network.orgC, ['counsellor']);
    await t.dataSource.query(
      `INSERT INTO notifications (recipient_id, kind, data) VALUES ($1, 'account_access_removed', jsonb_build_object('accountId', $2::text))`,
      [watcher.id, account.id],
    );
    await eventually(async () => expect(emailsTo(watcher.email)).toHaveLength(1));
    expect(emailsTo(watcher.email)[0].body).toContain(`${BASE_URL}/users/${account.id}`);
  });

  it('retries after a temporary SMTP rejection and delivers exactly one e-mail', async () => {
    const greylisted = await t.createUser(network.orgC, ['counsellor'], { email: `greylisted.${Date.now()}@test.example` });
    await t.dataSource.query(`UPDATE users SET preferred_locale = 'en' WHERE id = $1`, [greylisted.id]);
    const handoff = await handOff(t, greylisted, network.orgA);
    smtp.refuseOnce.add(greylisted.email);
    await decline(t, network.users.counsellor, handoff.id);

    // The first attempt is refused with 451; BullMQ tries again after its 2 s backoff.
    await eventually(async () => expect(smtp.refused).toContain(greylisted.email), 5000);
    const [row] = await settledNotifications(t, handoff.id, 'handoff_declined', 10_000);
    expect(row).toMatchObject({ recipient_id: greylisted.id, email: 'done' });
    await pause(500);
    const emails = emailsTo(greylisted.email);
    expect(emails).toHaveLength(1);
    expect(emails[0].subject).toBe(`Referral declined: case ${handoff.caseCode}`);
    expect(emails[0].body).toContain('Reason: no capacity');
    expectMinimal(emails[0], handoff.caseId);
    expect(smtp.refused.filter((address) => address === greylisted.email)).toHaveLength(1);
  });
  it('gives up at once on a permanent SMTP refusal (550), keeps the e-mail as failed and counts it in the jobs report', async () => {
    const failedEmails = async () =>
      (await t.http.get(`${API}/admin/jobs`).set(bearer(network.users.coordinator)).expect(200)).body.failedEmails as number;
    const failedBefore = await failedEmails();
    const gone = await t.createUser(network.orgC, ['counsellor'], { email: `gone.${Date.now()}@test.example` });
    const handoff = await handOff(t, gone, network.orgA);
    smtp.unknown.add(gone.email);
    await decline(t, network.users.counsellor, handoff.id);
    await eventually(async () => {
      const rows = await notificationsOf(t, handoff.id, 'handoff_declined');
      expect(rows).toEqual([expect.objectContaining({ recipient_id: gone.id, email: 'failed', attempts: 1 })]);
    }, 8000);
    await pause(2500);
    expect(smtp.refused.filter((address) => address === gone.email)).toHaveLength(1);
    expect(await failedEmails()).toBe(failedBefore + 1);
  });

  it("counts the jobs report's failed e-mails from an index, not by reading the outbox", async () => {
    const plan = await t.dataSource.transaction(async (manager) => {
      // As the planner would choose at millions of notifications: reading the table is never its plan.
      await manager.query('SET LOCAL enable_seqscan = off');
      return explain(manager, JOBS_REPORT_COUNTS_SQL, [new Date()]);
    });
    const nodes = planNodes(plan);
    expect(nodes.filter((node) => node['Relation Name'] === 'email_outbox').map((node) => node['Node Type'])).not.toContain('Seq Scan');
    // Not another index read from end to end either: the one that holds only failed e-mails.
    expect(nodes.filter((node) => node['Index Name']?.startsWith('email_outbox')).map((node) => node['Index Name'])).toEqual([
      'email_outbox_failed_idx',
    ]);
  });
});

describe('e-mail switched off (no SMTP_URL)', () => {
  let smtp: SmtpServer;
  let t: TestApp;
  let worker: TestWorker;
  let network: TestNetwork;

  beforeAll(async () => {
    // A server nobody is told about: if anything were sent, it could only have been by mistake elsewhere.
    smtp = await startSmtpServer();
    t = await TestApp.start({ WORKER_POLL_INTERVAL_MS: '100', PUBLIC_BASE_URL: BASE_URL });
    worker = await TestWorker.start();
    network = await createNetwork(t);
  });

  afterAll(async () => {
    await worker?.stop();
    await t?.stop();
    await smtp?.close();
  });

  /** Waits until the worker has skipped every e-mail of the outbox. */
  const noEmailPending = () =>
    eventually(async () => {
      const [{ pending }] = await t.dataSource.query(`SELECT count(*)::int AS pending FROM email_outbox`);
      expect(pending).toBe(0);
    }, 15000);

  it('still notifies in-app, skips every e-mail and never tries to send', async () => {
    expect(t.environment.SMTP_URL).toBeUndefined();
    const handoff = await handOff(t, network.counsellorC, network.orgA);
    await decline(t, network.users.counsellor, handoff.id);

    const received = await settledNotifications(t, handoff.id, 'handoff_received');
    const declined = await settledNotifications(t, handoff.id, 'handoff_declined');
    expect(received.length).toBeGreaterThanOrEqual(3);
    for (const row of [...received, ...declined]) expect(row).toMatchObject({ email: 'done' });

    const inbox = await t.http.get(`${API}/notifications`).set(bearer(network.users.lead));
    expect(inbox.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'handoff_received', handoffId: handoff.id })]),
    );
    const senderInbox = await t.http.get(`${API}/notifications`).set(bearer(network.counsellorC));
    expect(senderInbox.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'handoff_declined', handoffId: handoff.id, data: expect.anything() })]),
    );
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM email_outbox`);
    expect(count).toBe(0);
    expect(smtp.received).toHaveLength(0);
  });

  it('queues the e-mail of every notification in the same transaction, whoever writes it, and drops it with the notification', async () => {
    const outboxRow = (manager: { query: (sql: string, parameters: unknown[]) => Promise<unknown[]> }, id: string) =>
      manager.query(`SELECT attempts, claimed_at, failed_at FROM email_outbox WHERE notification_id = $1`, [id]);
    let written = '';
    await t.dataSource
      .transaction(async (manager) => {
        // A plain INSERT, as an older API instance or a script would write it: the e-mail is queued all the same.
        const [{ id }] = await manager.query(`INSERT INTO notifications (recipient_id, kind) VALUES ($1, 'case_assigned') RETURNING id`, [
          network.users.lead.id,
        ]);
        written = id;
        expect(await outboxRow(manager, id)).toEqual([{ attempts: 0, claimed_at: null, failed_at: null }]);
        // Nobody else sees it before the notification commits.
        expect(await outboxRow(t.dataSource, id)).toEqual([]);
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await outboxRow(t.dataSource, written)).toEqual([]);

    await t.dataSource.transaction(async (manager) => {
      const [{ id }] = await manager.query(`INSERT INTO notifications (recipient_id, kind) VALUES ($1, 'case_assigned') RETURNING id`, [
        network.users.lead.id,
      ]);
      // Retention deletes notifications: their e-mails go with them.
      await manager.query(`DELETE FROM notifications WHERE id = $1`, [id]);
      expect(await outboxRow(manager, id)).toEqual([]);
    });
  });

  it('works off a backlog of more than two batches', async () => {
    // 12,000 pending e-mails (more than two batches of 5,000), as after a long stop of the worker.
    await t.dataSource.query(
      `INSERT INTO notifications (recipient_id, kind, created_at)
       SELECT $1, 'case_assigned', now() - interval '1 hour' + n * interval '1 ms' FROM generate_series(1, 12000) AS n`,
      [network.users.lead.id],
    );
    await noEmailPending();
    expect(smtp.received).toHaveLength(0);
  });

  it('finds each batch of e-mails to skip by primary key, never by a join with the whole backlog', async () => {
    // A backlog the planner knows nothing of (its statistics say no e-mail is pending), as after a
    // burst of hand-offs to a large team.
    await noEmailPending();
    await t.dataSource.query('ANALYZE email_outbox');
    await t.dataSource.query(
      `INSERT INTO notifications (recipient_id, kind, created_at)
       SELECT $1, 'case_assigned', now() - interval '1 hour' + n * interval '1 ms' FROM generate_series(1, 20000) AS n`,
      [network.users.lead.id],
    );
    const plan = await explain(t.dataSource, SKIP_PENDING_EMAILS_SQL);
    const [{ primaryKey }] = await t.dataSource.query(
      `SELECT conname AS "primaryKey" FROM pg_constraint WHERE conrelid = 'email_outbox'::regclass AND contype = 'p'`,
    );
    // The rows to change are looked up by primary key alone (the batch's ids are taken first, in an
    // InitPlan); the backlog is neither joined, hashed, scanned nor filtered row by row.
    const lookUp = plan.Plans?.filter((node) => node['Parent Relationship'] !== 'InitPlan').flatMap(planNodes) ?? [];
    expect(lookUp.filter((node) => node['Index Name']).map((node) => node['Index Name'])).toEqual([primaryKey]);
    expect(planNodes(plan).map((node) => node['Node Type'])).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/Join|Hash|Nested Loop|Seq Scan/)]),
    );
    await noEmailPending();
  });
});
