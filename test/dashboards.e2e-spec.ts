import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { formatCaseCode } from '@app/cases';
import { TestApp, bearer, type TestUser } from './support/test-app';
import { TestClock } from './support/test-clock';

/**
 * The three dashboards (libs/dashboards/README.md) against a small data set written directly with SQL,
 * every expected figure computed by hand (see the comments next to each number): the counsellor's
 * "me" view, a lead's organisation view, the coordinator's network view with small-cell suppression
 * (including the subtraction case), the window rules, CSV export and who may see what.
 *
 * The window is October 2026 in Berlin: `from=2026-10-01&to=2026-11-01` means
 * [2026-09-30T22:00Z (CEST), 2026-10-31T23:00Z (CET)). "Now" is Wednesday 2026-11-04 10:00Z
 * (11:00 in Berlin) through a TestClock. Labels (A1, h5, ...) name the fixture rows below.
 */

const API = '/api/v1';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Wednesday 2026-11-04, 11:00 in Berlin (CET). "Today" in Berlin ends at 2026-11-04T23:00Z. */
const NOW = new Date('2026-11-04T10:00:00.000Z');
const WINDOW = 'from=2026-10-01&to=2026-11-01';
const WINDOW_FROM = '2026-09-30T22:00:00.000Z';
const WINDOW_TO = '2026-10-31T23:00:00.000Z';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CSV_HEADER = 'section,dimension_1,dimension_2,dimension_3,measure,value';

type CaseStatus = 'open' | 'in_progress' | 'waiting' | 'closed';
type HandoffStatus = 'pending' | 'accepted' | 'declined' | 'withdrawn' | 'expired' | 'completed';

interface CaseFixture {
  org: string;
  assignee?: string | null;
  status?: CaseStatus;
  urgency?: 'normal' | 'high' | 'urgent';
  district?: string | null;
  languages?: string[];
  followUpOn?: string | null;
  createdAt: string;
  closedAt?: string | null;
}

interface HandoffFixture {
  from: string;
  to: string;
  createdAt: string;
  status?: HandoffStatus;
  /** Hours from sending to the answer (accept or decline); none for pending, withdrawn, expired. */
  answeredAfterHours?: number;
  declineReason?: string;
  declinedBy?: 'provider' | 'client';
  outcome?: string;
  domains?: string[];
  district?: string | null;
  languages?: string[];
  responseDueAt?: string;
  kind?: 'referral' | 'transfer';
  urgency?: 'normal' | 'high' | 'urgent';
  targetUserId?: string;
  /** Who at the target took the accepted hand-off on. */
  targetAssigneeId?: string;
}

interface Inserted {
  id: string;
  code: string;
  /** A hand-off's case. */
  caseId?: string;
  /** XXXX-XXXX as the API shows it. */
  displayCode: string;
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

const plusHours = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR_MS).toISOString();
const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

/** Asserts an RFC 9457 problem with this status. */
function expectProblem(res: Response, status: number): Problem {
  expect({ status: res.status, body: res.body }).toEqual({ status, body: expect.anything() });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status }));
  return res.body as Problem;
}

/** RFC 4180 parser (quotes, doubled quotes, CRLF) so sampled CSV rows can be compared field by field. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

/** The value of the CSV row of `section` and `measure` whose dimensions are exactly `dimensions` (padded with ''). */
function csvValue(rows: string[][], section: string, dimensions: string[], measure: string): string | undefined {
  const dims = [...dimensions, '', '', ''].slice(0, 3);
  const matches = rows.filter((r) => r[0] === section && r[4] === measure && dims.every((d, i) => r[i + 1] === d));
  expect(matches.length).toBeLessThanOrEqual(1);
  return matches[0]?.[5];
}

describe('dashboards', () => {
  let t: TestApp;
  const clock = new TestClock();
  /** Sets "now" to `instant` (the clock then runs on from there, a few ms per request). */
  const at = (instant: Date) => clock.setSoon(instant, 0);

  let orgA: string; // ngo, the lead's organisation
  let orgB: string; // ngo
  let orgG: string; // city_department
  let orgD: string; // volunteer_initiative
  let orgZ: string; // ngo, with a comma and quotes in its name
  let orgE: string; // authority
  let orgOmega: string; // inactive ngo, still with an active service

  let anna: TestUser; // counsellor of A, capacity 10
  let bernd: TestUser; // counsellor of A, capacity 3
  let clara: TestUser; // lead of A, capacity 12
  let dora: TestUser; // org admin of A (not a counsellor: not in the counsellors list)
  let counsellorB: TestUser;
  let leadB: TestUser;
  let coordinator: TestUser;
  let emilId: string; // inactive counsellor of A

  const ZETA = 'Zeta "Rat, Tat & Hilfe" e.V.';
  const names: Record<string, string> = {};
  const senders = new Map<string, string>();
  let codeCounter = 0;
  /** A unique canonical 8-symbol case code (codes are not validated on insert). */
  const nextCode = () => {
    let n = ++codeCounter;
    let body = '';
    for (let i = 0; i < 6; i++) {
      body = CROCKFORD[n % 32] + body;
      n = Math.floor(n / 32);
    }
    return `DB${body}`;
  };

  const cases: Record<string, Inserted> = {};
  const handoffs: Record<string, Inserted> = {};

  async function insertCase(label: string, c: CaseFixture): Promise<Inserted> {
    const id = randomUUID();
    const code = nextCode();
    const status = c.status ?? 'open';
    await t.dataSource.query(
      `INSERT INTO cases (id, code, organisation_id, assignee_id, status, needs, languages, urgency, district, follow_up_on, outcome, closed_at,
                          created_by_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, '{housing}', $6, $7, $8, $9, $10, $11, $4, $12, $12)`,
      [
        id,
        code,
        c.org,
        c.assignee ?? null,
        status,
        c.languages ?? [],
        c.urgency ?? 'normal',
        c.district ?? null,
        c.followUpOn ?? null,
        status === 'closed' ? 'resolved' : null,
        c.closedAt ?? null,
        c.createdAt,
      ],
    );
    const inserted = { id, code, displayCode: formatCaseCode(code) };
    cases[label] = inserted;
    return inserted;
  }

  /**
   * A hand-off and, behind it, a case of the sending organisation that touches no case figure:
   * unassigned, no district, no languages, created 2026-01-15 (before every window used here).
   */
  async function insertHandoff(label: string, h: HandoffFixture): Promise<Inserted> {
    const backing = await insertCase(`case of ${label}`, { org: h.from, createdAt: '2026-01-15T09:00:00.000Z' });
    const id = randomUUID();
    const status = h.status ?? 'pending';
    const respondedAt = h.answeredAfterHours === undefined ? null : plusHours(h.createdAt, h.answeredAfterHours);
    const closedAt =
      status === 'completed'
        ? plusHours(respondedAt ?? h.createdAt, 24)
        : status === 'withdrawn'
          ? plusHours(h.createdAt, 1)
          : status === 'expired'
            ? plusDays(h.createdAt, 5)
            : null;
    await t.dataSource.query(
      `INSERT INTO handoffs (id, case_id, case_code, kind, status, sending_organisation_id, sender_id, target_organisation_id, target_user_id,
                             domains, message, urgency, languages, district, consent, response_due_at, responded_at, responded_by_id,
                             decline_reason, declined_by, outcome, closed_at, created_at, updated_at, target_assignee_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'Bitte um Unterstützung.', $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22, $23)`,
      [
        id,
        backing.id,
        backing.code,
        h.kind ?? 'referral',
        status,
        h.from,
        senders.get(h.from),
        h.to,
        h.targetUserId ?? null,
        h.domains ?? ['housing'],
        h.urgency ?? 'normal',
        h.languages ?? [],
        h.district ?? null,
        JSON.stringify({ given: true, givenAt: h.createdAt, method: 'verbal', scope: 'this_handoff' }),
        h.responseDueAt ?? plusDays(h.createdAt, 3),
        respondedAt,
        respondedAt ? senders.get(h.to) : null,
        h.declineReason ?? null,
        h.declinedBy ?? null,
        h.outcome ?? null,
        closedAt,
        h.createdAt,
        h.targetAssigneeId ?? null,
      ],
    );
    const inserted = { id, code: backing.code, displayCode: backing.displayCode, caseId: backing.id };
    handoffs[label] = inserted;
    return inserted;
  }

  async function insertStaff(org: string, displayName: string, roles: string[], active = true): Promise<string> {
    const [row] = await t.dataSource.query(
      `INSERT INTO users (organisation_id, email, display_name, password_hash, roles, active) VALUES ($1, $2, $3, 'not-a-hash', $4, $5) RETURNING id`,
      [org, `${randomUUID()}@test.example`, displayName, roles, active],
    );
    return row.id as string;
  }

  beforeAll(async () => {
    at(NOW);
    t = await TestApp.start({}, { clock });
    const organisation = async (name: string, kind: string, active = true) => {
      const id = await t.createOrganisation({ name, kind, active });
      names[id] = name;
      return id;
    };
    orgA = await organisation('Alpha Migrationsberatung e.V.', 'ngo');
    orgB = await organisation('Beta Flüchtlingshilfe e.V.', 'ngo');
    orgG = await organisation('Gamma Sozialamt Leipzig', 'city_department');
    orgD = await organisation('Delta Patenschaften Leipzig', 'volunteer_initiative');
    orgZ = await organisation(ZETA, 'ngo');
    orgE = await organisation('Epsilon Ausländerbehörde', 'authority');
    orgOmega = await organisation('Omega Verein (aufgelöst)', 'ngo', false);
    const coordination = await organisation('Koordinierungsstelle Migration', 'advisory_council');

    [anna, bernd, clara, dora, counsellorB, leadB, coordinator] = await Promise.all([
      t.createUser(orgA, ['counsellor']),
      t.createUser(orgA, ['counsellor']),
      t.createUser(orgA, ['lead']),
      t.createUser(orgA, ['org_admin']),
      t.createUser(orgB, ['counsellor']),
      t.createUser(orgB, ['lead']),
      t.createUser(coordination, ['coordinator']),
    ]);
    for (const [user, name, capacity] of [
      [anna, 'Anna Arendt', 10],
      [bernd, 'Bernd Bauer', 3],
      [clara, 'Clara Conrad', 12],
      [dora, 'Dora Dietz', 30],
    ] as const) {
      await t.dataSource.query('UPDATE users SET display_name = $2, case_capacity = $3 WHERE id = $1', [user.id, name, capacity]);
    }
    emilId = await insertStaff(orgA, 'Emil Engel', ['counsellor'], false);
    senders.set(orgA, anna.id);
    senders.set(orgB, counsellorB.id);
    for (const org of [orgG, orgD, orgZ, orgE]) senders.set(org, await insertStaff(org, `Beratung ${names[org]}`, ['counsellor']));

    // ---- Cases of A ----------------------------------------------------------------------------
    // Anna: A1-A7.
    await insertCase('A1', {
      org: orgA,
      assignee: anna.id,
      status: 'open',
      urgency: 'normal',
      district: 'ost',
      languages: ['ar'],
      followUpOn: '2026-11-04', // today → due
      createdAt: '2026-10-05T08:00:00.000Z', // W41
    });
    await insertCase('A2', {
      org: orgA,
      assignee: anna.id,
      status: 'in_progress',
      urgency: 'high',
      district: 'ost',
      languages: ['ar'],
      followUpOn: '2026-11-02', // overdue
      createdAt: '2026-10-11T22:30:00.000Z', // Sunday 22:30 UTC = Monday 2026-10-12 00:30 Berlin → W42 (W41 in UTC)
    });
    await insertCase('A3', {
      org: orgA,
      assignee: anna.id,
      status: 'waiting',
      urgency: 'high',
      district: 'mitte',
      languages: ['fa'],
      followUpOn: '2026-11-05', // tomorrow: not listed today
      createdAt: WINDOW_FROM, // exactly `from` (Thursday 2026-10-01 00:00 Berlin, W40): inside
    });
    await insertCase('A4', {
      org: orgA,
      assignee: anna.id,
      status: 'closed',
      urgency: 'urgent',
      district: 'ost',
      languages: ['ar'],
      followUpOn: '2026-10-30', // closed: never a follow-up
      createdAt: '2026-10-06T09:00:00.000Z', // W41
      closedAt: '2026-10-20T10:00:00.000Z', // W43
    });
    await insertCase('A5', { org: orgA, assignee: anna.id, languages: ['uk'], createdAt: '2026-08-15T10:00:00.000Z' }); // no district
    await insertCase('A6', {
      org: orgA,
      assignee: anna.id,
      status: 'closed',
      createdAt: '2026-09-20T10:00:00.000Z',
      closedAt: '2026-10-31T22:59:59.999Z', // 1 ms before `to`: inside, W44
    });
    await insertCase('A7', {
      org: orgA,
      assignee: anna.id,
      status: 'closed',
      createdAt: '2026-09-01T10:00:00.000Z',
      closedAt: WINDOW_TO, // exactly `to`: outside
    });
    // Bernd: A8-A11.
    await insertCase('A8', {
      org: orgA,
      assignee: bernd.id,
      urgency: 'urgent',
      district: 'west',
      languages: ['ti'],
      createdAt: '2026-10-25T22:30:00.000Z', // after the DST change: Sunday 23:30 CET → W43 (a fixed +02:00 would say W44)
    });
    await insertCase('A9', {
      org: orgA,
      assignee: bernd.id,
      district: 'west',
      languages: ['ti'],
      createdAt: '2026-10-31T22:59:59.999Z', // 1 ms before `to`: inside, W44
    });
    await insertCase('A10', {
      org: orgA,
      assignee: bernd.id,
      district: 'mitte',
      languages: ['fa'],
      createdAt: '2026-09-30T21:59:59.999Z', // 1 ms before `from`: outside
    });
    await insertCase('A11', {
      org: orgA,
      assignee: bernd.id,
      urgency: 'high',
      district: 'mitte',
      languages: ['fa'],
      followUpOn: '2026-11-01', // Bernd's, never on Anna's list
      createdAt: WINDOW_TO, // exactly `to`: outside
    });
    // Clara (lead): A12. Nobody: A13. Emil (inactive): A14.
    await insertCase('A12', {
      org: orgA,
      assignee: clara.id,
      status: 'closed',
      createdAt: '2026-10-13T08:00:00.000Z', // W42
      closedAt: '2026-10-14T08:00:00.000Z', // W42
    });
    await insertCase('A13', { org: orgA, district: 'ost', languages: ['ar'], createdAt: '2026-10-14T08:00:00.000Z' }); // W42
    await insertCase('A14', { org: orgA, assignee: emilId, district: 'ost', languages: ['ar'], createdAt: '2026-10-15T08:00:00.000Z' }); // W42

    // ---- Cases of B (language coverage; counsellor B's own view) --------------------------------
    const bCase = (label: string, district: string, language: string, extra: Partial<CaseFixture> = {}) =>
      insertCase(label, {
        org: orgB,
        assignee: counsellorB.id,
        district,
        languages: [language],
        createdAt: '2026-10-10T10:00:00.000Z',
        ...extra,
      });
    await bCase('B1', 'ost', 'ar', { followUpOn: '2026-11-01' });
    await bCase('B2', 'ost', 'ar');
    await bCase('B3', 'ost', 'ar');
    await bCase('B4', 'nord', 'ps');
    for (const n of [5, 6, 7, 8, 9]) await bCase(`B${n}`, 'nordost', 'uk');
    await bCase('B10', 'nordost', 'uk', { status: 'closed', closedAt: '2026-10-20T10:00:00.000Z' });

    // ---- Services (language coverage) ------------------------------------------------------------
    const service = (org: string, languages: string[], districts: string[], active = true) =>
      t.dataSource.query(
        `INSERT INTO services (organisation_id, name, domain, languages, districts, active) VALUES ($1, 'Beratung', 'housing', $2, $3, $4)`,
        [org, languages, districts, active],
      );
    await service(orgA, ['ar', 'de'], ['ost']); // S1
    await service(orgB, ['ar', 'fa'], []); // S2: citywide
    await service(orgG, ['ti'], ['west'], false); // S3: inactive service
    await service(orgOmega, ['ti'], ['west']); // S4: active service of an inactive organisation
    await service(orgD, ['ti', 'ar'], ['west', 'nord']); // S5
    await service(orgZ, ['ar'], ['ost', 'mitte']); // S6

    // ---- Hand-offs to A ---------------------------------------------------------------------------
    await insertHandoff('h1', {
      from: orgB,
      to: orgA,
      createdAt: '2026-10-02T08:00:00.000Z', // W40
      status: 'accepted',
      answeredAfterHours: 2,
      targetAssigneeId: anna.id,
      district: 'ost',
      languages: ['ar'],
    });
    await insertHandoff('h2', {
      from: orgB,
      to: orgA,
      createdAt: '2026-10-05T08:00:00.000Z', // W41
      status: 'completed',
      answeredAfterHours: 4,
      outcome: 'service_provided',
      domains: ['housing', 'social_benefits'],
      district: 'ost',
    });
    await insertHandoff('h3', {
      from: orgG,
      to: orgA,
      createdAt: '2026-10-06T08:00:00.000Z', // W41
      status: 'completed',
      answeredAfterHours: 6,
      outcome: 'service_provided',
      domains: ['asylum_procedure'],
      district: 'mitte',
    });
    await insertHandoff('h4', {
      from: orgG,
      to: orgA,
      createdAt: '2026-10-07T08:00:00.000Z', // W41
      status: 'completed',
      answeredAfterHours: 10,
      outcome: 'client_did_not_attend',
      domains: ['residence_law'],
      district: null,
    });
    await insertHandoff('h5', {
      from: orgB,
      to: orgA,
      createdAt: '2026-10-12T08:00:00.000Z', // W42
      status: 'declined',
      answeredAfterHours: 20,
      declineReason: 'no_capacity',
      declinedBy: 'provider',
      district: 'west',
      languages: ['ti'],
    });
    await insertHandoff('h6', {
      from: orgD,
      to: orgA,
      createdAt: '2026-10-13T08:00:00.000Z', // W42
      status: 'declined',
      answeredAfterHours: 30,
      declineReason: 'no_capacity',
      declinedBy: 'provider',
      district: 'west',
      languages: ['ti'],
    });
    await insertHandoff('h7', {
      from: orgD,
      to: orgA,
      createdAt: '2026-10-14T08:00:00.000Z', // W42
      status: 'declined',
      answeredAfterHours: 50,
      declineReason: 'language_not_available',
      declinedBy: 'provider',
      domains: ['health'],
      district: 'nord',
      languages: ['ps'],
    });
    await insertHandoff('h8', {
      from: orgB,
      to: orgA,
      createdAt: '2026-10-15T08:00:00.000Z', // W42
      status: 'declined',
      answeredAfterHours: 101,
      declineReason: 'client_declined',
      declinedBy: 'client',
      district: 'ost',
    });
    await insertHandoff('h9', { from: orgB, to: orgA, createdAt: '2026-10-19T08:00:00.000Z', status: 'withdrawn', district: 'ost' }); // W43
    await insertHandoff('h10', {
      from: orgG,
      to: orgA,
      createdAt: '2026-10-20T08:00:00.000Z', // W43
      status: 'expired',
      domains: ['debt'],
      district: 'sued',
    });
    await insertHandoff('h14', {
      from: orgG,
      to: orgA,
      createdAt: '2026-10-21T08:00:00.000Z', // W43
      status: 'accepted',
      answeredAfterHours: 3,
      district: 'sued',
      targetAssigneeId: anna.id,
    });
    await insertHandoff('p3', {
      from: orgD,
      to: orgA,
      createdAt: '2026-10-26T10:00:00.000Z', // W44; 9 days before now → over_7_days
      responseDueAt: '2026-10-29T23:00:00.000Z', // passed → overdue
      domains: ['mental_health'],
      district: 'west',
    });
    await insertHandoff('h11', {
      from: orgB,
      to: orgA,
      createdAt: '2026-10-31T22:59:59.999Z', // 1 ms before `to`: inside, W44; 4 d 11 h before now → 3_to_7_days
      responseDueAt: '2026-11-04T08:00:00.000Z', // earlier today → overdue
      domains: ['school_education'],
      district: 'mitte',
    });
    await insertHandoff('h12', {
      from: orgB,
      to: orgA,
      createdAt: WINDOW_TO, // exactly `to`: outside the window; 3 d 11 h before now → 3_to_7_days
      responseDueAt: '2026-11-04T12:00:00.000Z', // later today → due_today
      district: 'ost',
    });
    await insertHandoff('h13', {
      from: orgB,
      to: orgA,
      createdAt: '2026-09-30T21:59:59.999Z', // 1 ms before `from`: outside
      status: 'accepted',
      answeredAfterHours: 1,
      targetAssigneeId: emilId, // inactive since
      district: 'ost',
    });
    await insertHandoff('p1', {
      from: orgB,
      to: orgA,
      createdAt: '2026-11-04T08:00:00.000Z', // 2 h before now → under_1_day
      responseDueAt: '2026-11-07T23:00:00.000Z', // on_time
    });
    await insertHandoff('p2', {
      from: orgG,
      to: orgA,
      createdAt: '2026-11-03T10:00:00.000Z', // exactly one day before now → 1_to_3_days
      responseDueAt: '2026-11-04T23:00:00.000Z', // 24:00 Berlin today → due_today
    });
    await insertHandoff('p4', {
      from: orgB,
      to: orgA,
      createdAt: '2026-11-03T12:00:00.000Z', // 22 h before now → under_1_day
      responseDueAt: '2026-11-05T23:00:00.000Z', // 24:00 Berlin tomorrow → on_time
      kind: 'transfer',
      urgency: 'urgent',
      targetUserId: anna.id,
    });

    // ---- Hand-offs from A ---------------------------------------------------------------------------
    await insertHandoff('o1', {
      from: orgA,
      to: orgB,
      createdAt: '2026-10-08T08:00:00.000Z', // W41
      status: 'accepted',
      answeredAfterHours: 5,
      district: 'ost',
    });
    await insertHandoff('o2', {
      from: orgA,
      to: orgB,
      createdAt: '2026-10-09T08:00:00.000Z', // W41
      status: 'declined',
      answeredAfterHours: 7,
      declineReason: 'no_capacity',
      declinedBy: 'provider',
      domains: ['social_benefits', 'housing'],
      district: 'ost',
      languages: [], // → language "none" in unmet needs
    });
    await insertHandoff('o3', {
      from: orgA,
      to: orgB,
      createdAt: '2026-10-16T08:00:00.000Z', // W42
      responseDueAt: '2026-10-21T22:00:00.000Z',
      domains: ['legal_aid'],
      district: null,
    });
    await insertHandoff('o4', { from: orgA, to: orgB, createdAt: '2026-11-02T08:00:00.000Z', responseDueAt: '2026-11-05T23:00:00.000Z' }); // after the window

    // ---- Hand-offs elsewhere in the network -------------------------------------------------------------
    // B→G ×8 (10-03..10-10): six accepted after 1..6 h, two pending.
    for (let i = 0; i < 8; i++) {
      await insertHandoff(`bg${i}`, {
        from: orgB,
        to: orgG,
        createdAt: plusDays('2026-10-03T08:00:00.000Z', i),
        ...(i < 6 ? { status: 'accepted' as const, answeredAfterHours: i + 1 } : { responseDueAt: '2026-10-15T22:00:00.000Z' }),
        district: 'ost',
      });
    }
    // G→B ×5 (10-04..10-08): declined for no capacity after 24 h, Ukrainian.
    for (let i = 0; i < 5; i++) {
      await insertHandoff(`gb${i}`, {
        from: orgG,
        to: orgB,
        createdAt: plusDays('2026-10-04T09:00:00.000Z', i),
        status: 'declined',
        answeredAfterHours: 24,
        declineReason: 'no_capacity',
        declinedBy: 'provider',
        languages: ['uk'],
        district: 'nordost',
      });
    }
    // Z→G ×6 (10-20..10-25): five declined for language (Dari) after 8..12 h, one accepted after 48 h.
    for (let i = 0; i < 6; i++) {
      await insertHandoff(`zg${i}`, {
        from: orgZ,
        to: orgG,
        createdAt: plusDays('2026-10-20T09:00:00.000Z', i),
        ...(i < 5
          ? {
              status: 'declined' as const,
              answeredAfterHours: 8 + i,
              declineReason: 'language_not_available',
              declinedBy: 'provider' as const,
            }
          : { status: 'accepted' as const, answeredAfterHours: 48 }),
        domains: ['mental_health'],
        languages: ['prs'],
      });
    }
    // D→E ×2: accepted after 3 h and 5 h (the authority answered fewer than 5).
    await insertHandoff('de0', { from: orgD, to: orgE, createdAt: '2026-10-22T09:00:00.000Z', status: 'accepted', answeredAfterHours: 3 });
    await insertHandoff('de1', { from: orgD, to: orgE, createdAt: '2026-10-23T09:00:00.000Z', status: 'accepted', answeredAfterHours: 5 });
    // E→G only before the window (a pair with no hand-off in the window is not listed).
    await insertHandoff('eg0', {
      from: orgE,
      to: orgG,
      createdAt: '2026-09-01T09:00:00.000Z',
      status: 'declined',
      answeredAfterHours: 2,
      declineReason: 'no_capacity',
      declinedBy: 'provider',
      languages: ['ar'],
    });
    // June 2026 (a second window): B→G ×7 and D→Z ×3, all withdrawn.
    for (let i = 0; i < 7; i++) {
      await insertHandoff(`june-bg${i}`, { from: orgB, to: orgG, createdAt: plusDays('2026-06-02T09:00:00.000Z', i), status: 'withdrawn' });
    }
    for (let i = 0; i < 3; i++) {
      await insertHandoff(`june-dz${i}`, { from: orgD, to: orgZ, createdAt: plusDays('2026-06-10T09:00:00.000Z', i), status: 'withdrawn' });
    }
  });

  afterAll(async () => {
    await t?.stop();
  });

  const get = (user: TestUser | null, path: string) => {
    const request = t.http.get(`${API}${path}`);
    return user ? request.set(bearer(user)) : request;
  };

  // ================================================================================================
  describe('GET /dashboards/me', () => {
    /** The team inbox of A, earliest response due first (identical for everyone in A but addressedToMe). */
    const inboxOfA = (me: TestUser, states: string[]) =>
      ['p3', 'h11', 'h12', 'p2', 'p4', 'p1'].map((label, index) => ({
        id: handoffs[label].id,
        caseCode: handoffs[label].displayCode,
        kind: label === 'p4' ? 'transfer' : 'referral',
        urgency: label === 'p4' ? 'urgent' : 'normal',
        responseDueAt: {
          p3: '2026-10-29T23:00:00.000Z',
          h11: '2026-11-04T08:00:00.000Z',
          h12: '2026-11-04T12:00:00.000Z',
          p2: '2026-11-04T23:00:00.000Z',
          p4: '2026-11-05T23:00:00.000Z',
          p1: '2026-11-07T23:00:00.000Z',
        }[label],
        dueState: states[index],
        addressedToMe: label === 'p4' && me.id === anna.id, // p4 names Anna
      }));

    it("gives a counsellor their open cases by status and urgency, A's pending hand-offs with due state, and their due follow-ups", async () => {
      at(NOW);
      const res = await get(anna, '/dashboards/me');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        generatedAt: expect.any(String),
        openCases: {
          // Anna's cases not closed: A1 open, A2 in_progress, A3 waiting, A5 open (A4, A6, A7 closed).
          byStatus: [
            { status: 'in_progress', count: 1 }, // A2
            { status: 'open', count: 2 }, // A1, A5
            { status: 'waiting', count: 1 }, // A3
          ],
          byUrgency: [
            { urgency: 'high', count: 2 }, // A2, A3 (A4 is urgent but closed)
            { urgency: 'normal', count: 2 }, // A1, A5
          ],
          total: 4,
        },
        // Now = 2026-11-04 11:00 Berlin: due <= now → overdue; <= 2026-11-04T23:00Z (24:00 today) → due_today.
        pendingIncomingHandoffs: inboxOfA(anna, ['overdue', 'overdue', 'due_today', 'due_today', 'on_time', 'on_time']),
        // Accepted for Anna, earliest first: h1 (answered 2 h after 2026-10-02T08:00Z), h14 (3 h after 2026-10-21T08:00Z).
        // h13 was taken on by Emil, inactive since.
        handoffsAwaitingOutcome: ['h1', 'h14'].map((label) => ({
          id: handoffs[label].id,
          caseId: handoffs[label].caseId,
          caseCode: handoffs[label].displayCode,
          kind: 'referral',
          acceptedAt: { h1: '2026-10-02T10:00:00.000Z', h14: '2026-10-21T11:00:00.000Z' }[label],
        })),
        followUps: [
          // A2 (2026-11-02 < today) overdue; A1 (today) due; A3 (tomorrow) not yet; A4 closed; A11 is Bernd's.
          { caseId: cases.A2.id, caseCode: cases.A2.displayCode, followUpOn: '2026-11-02', state: 'overdue' },
          { caseId: cases.A1.id, caseCode: cases.A1.displayCode, followUpOn: '2026-11-04', state: 'due' },
        ],
      });
    });

    it('uses the Berlin day: at 00:30 Berlin (still the 4th in UTC) yesterday is overdue and today is due', async () => {
      at(new Date('2026-11-04T23:30:00.000Z')); // Thursday 2026-11-05 00:30 in Berlin
      const res = await get(anna, '/dashboards/me');
      expect(res.status).toBe(200);
      expect(res.body.followUps).toEqual([
        { caseId: cases.A2.id, caseCode: cases.A2.displayCode, followUpOn: '2026-11-02', state: 'overdue' },
        { caseId: cases.A1.id, caseCode: cases.A1.displayCode, followUpOn: '2026-11-04', state: 'overdue' },
        { caseId: cases.A3.id, caseCode: cases.A3.displayCode, followUpOn: '2026-11-05', state: 'due' },
      ]);
      // p2 (due 2026-11-04T23:00Z) has now passed; p4 (2026-11-05T23:00Z = 24:00 Berlin today) is due today.
      expect(res.body.pendingIncomingHandoffs).toEqual(
        inboxOfA(anna, ['overdue', 'overdue', 'overdue', 'overdue', 'due_today', 'on_time']),
      );
    });

    it('gives a lead their own (no) cases and the same team inbox, nothing addressed to them', async () => {
      at(NOW);
      const res = await get(clara, '/dashboards/me');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        generatedAt: expect.any(String),
        openCases: { byStatus: [], byUrgency: [], total: 0 }, // A12, Clara's only case, is closed
        pendingIncomingHandoffs: inboxOfA(clara, ['overdue', 'overdue', 'due_today', 'due_today', 'on_time', 'on_time']),
        handoffsAwaitingOutcome: [],
        followUps: [],
      });
    });

    it("lists only the caller's own cases and their own organisation's incoming hand-offs", async () => {
      at(NOW);
      const res = await get(counsellorB, '/dashboards/me');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        generatedAt: expect.any(String),
        // B1-B9 open (B10 closed), all normal urgency.
        openCases: { byStatus: [{ status: 'open', count: 9 }], byUrgency: [{ urgency: 'normal', count: 9 }], total: 9 },
        // Pending hand-offs to B: o3 (due 2026-10-21T22:00Z, passed) and o4 (due 24:00 Berlin tomorrow).
        pendingIncomingHandoffs: [
          expect.objectContaining({ id: handoffs.o3.id, dueState: 'overdue', addressedToMe: false }),
          expect.objectContaining({ id: handoffs.o4.id, dueState: 'on_time', addressedToMe: false }),
        ],
        // o1 (A→B) was accepted, but for nobody in particular.
        handoffsAwaitingOutcome: [],
        followUps: [{ caseId: cases.B1.id, caseCode: cases.B1.displayCode, followUpOn: '2026-11-01', state: 'overdue' }],
      });
    });
  });

  // ================================================================================================
  describe('GET /dashboards/organisations/:id (October 2026, lead of A)', () => {
    let body: Record<string, unknown>;
    beforeAll(async () => {
      at(NOW);
      const res = await get(clara, `/dashboards/organisations/${orgA}?${WINDOW}`);
      expect(res.status).toBe(200);
      body = res.body;
    });

    it('states the window (bare dates are 00:00 Berlin: CEST at the start, CET at the end) and the figures', () => {
      expect(body).toEqual(
        expect.objectContaining({
          organisationId: orgA,
          window: {
            from: WINDOW_FROM,
            to: WINDOW_TO,
            timeZone: 'Europe/Berlin',
            // RETENTION_DAYS (730 by default) before now: older case figures miss the closed cases deleted since.
            closedCasesDeletedBefore: new Date(new Date(body.generatedAt as string).getTime() - 730 * 86_400_000).toISOString(),
          },
          generatedAt: expect.any(String),
        }),
      );
      expect(Object.keys(body)).toEqual([
        'organisationId',
        'window',
        'generatedAt',
        'counsellors',
        'pendingIncomingHandoffs',
        'openCases',
        'acceptedHandoffs',
        'responseTimes',
        'acceptance',
        'declinesByReason',
        'outcomes',
        'flowsByDomain',
        'flowsByDistrict',
        'weekly',
      ]);
    });

    it('counts open cases now against capacity, and new and closed cases in the window, per active counsellor or lead', () => {
      expect(body.counsellors).toEqual([
        // Anna: open A1, A2, A3, A5 = 4; new A1, A2, A3 (at `from`), A4 = 4 (A5-A7 earlier);
        // closed A4, A6 (1 ms before `to`) = 2 (A7 closed at `to`).
        // Hand-offs taken on and not completed, now: Anna h1, h14 (h13's Emil is inactive: not listed).
        {
          userId: anna.id,
          displayName: 'Anna Arendt',
          openCases: 4,
          handoffsAwaitingOutcome: 2,
          capacity: 10,
          newInWindow: 4,
          closedInWindow: 2,
        },
        // Bernd: open A8-A11 = 4 (over his capacity 3); new A8, A9 = 2 (A10 1 ms before `from`, A11 at `to`); closed 0.
        {
          userId: bernd.id,
          displayName: 'Bernd Bauer',
          openCases: 4,
          handoffsAwaitingOutcome: 0,
          capacity: 3,
          newInWindow: 2,
          closedInWindow: 0,
        },
        // Clara (lead): A12 created and closed in the window.
        {
          userId: clara.id,
          displayName: 'Clara Conrad',
          openCases: 0,
          handoffsAwaitingOutcome: 0,
          capacity: 12,
          newInWindow: 1,
          closedInWindow: 1,
        },
        // Not listed: Dora (org admin only), Emil (inactive).
      ]);
    });

    it('counts the open cases now, and those no active counsellor or lead holds (unassigned, or held by someone who left)', () => {
      // Anna 4, Bernd 4; A13 (nobody), A14 (Emil, inactive) and the unassigned cases behind A's hand-offs o1-o4.
      expect(body.openCases).toEqual({ total: 14, withoutActiveAssignee: 6 });
    });

    it('counts the accepted hand-offs awaiting their outcome now, and those no active counsellor holds', () => {
      // h1, h14 (Anna), h13 (Emil, inactive).
      expect(body.acceptedHandoffs).toEqual({ awaitingOutcome: 3, withoutActiveAssignee: 1 });
    });

    it('buckets the pending incoming hand-offs by age and SLA state now', () => {
      expect(body.pendingIncomingHandoffs).toEqual([
        { age: '1_to_3_days', sla: 'due_today', count: 1 }, // p2: sent exactly 24 h ago, due 24:00 today
        { age: '3_to_7_days', sla: 'due_today', count: 1 }, // h12: 3 d 11 h, due 12:00Z today
        { age: '3_to_7_days', sla: 'overdue', count: 1 }, // h11: 4 d 11 h, due 08:00Z today
        { age: 'over_7_days', sla: 'overdue', count: 1 }, // p3: 9 days, due 2026-10-29
        { age: 'under_1_day', sla: 'on_time', count: 2 }, // p1 (2 h), p4 (22 h)
      ]);
    });

    it('gives median and 90th percentile of calendar hours to the answer of incoming hand-offs sent in the window', () => {
      // Answered (accepted, completed, declined) and sent in the window: h1 2, h14 3, h2 4, h3 6, h4 10, h5 20,
      // h6 30, h7 50, h8 101 (h13, 1 h, was sent 1 ms before `from`; h9 withdrawn, h10 expired never answered).
      // percentile_cont over 9 values: median = 5th = 10; p90 at position 0.9 × 8 = 7.2 → 50 + 0.2 × (101 − 50) = 60.2.
      expect(body.responseTimes).toEqual({ responded: 9, medianHours: 10, p90Hours: 60.2 });
    });

    it('gives the acceptance rate of incoming hand-offs sent in the window', () => {
      // accepted h1, h14 + completed h2, h3, h4 = 5; declined h5-h8 = 4; rate 5 / 9 = 0.5556 → 0.556.
      // Withdrawn h9, expired h10 and pending h11, p3 count as neither.
      expect(body.acceptance).toEqual({ accepted: 5, declined: 4, rate: 0.556 });
    });

    it('counts declines by reason and by who declined (camelCase field names, as everywhere in the API)', () => {
      expect(body.declinesByReason).toEqual([
        { reason: 'client_declined', declinedBy: 'client', count: 1 }, // h8
        { reason: 'language_not_available', declinedBy: 'provider', count: 1 }, // h7
        { reason: 'no_capacity', declinedBy: 'provider', count: 2 }, // h5, h6
      ]);
    });

    it('counts outcomes of completed incoming hand-offs', () => {
      expect(body.outcomes).toEqual([
        { outcome: 'client_did_not_attend', count: 1 }, // h4
        { outcome: 'service_provided', count: 2 }, // h2, h3
      ]);
    });

    it('counts flows in and out by domain (a hand-off with two domains counts once in each)', () => {
      // In, sent in the window: h1-h10, h14, h11, p3 (13 hand-offs; h12 at `to` and h13 before `from` left out).
      // Out: o1, o2, o3 (o4 after the window).
      expect(body.flowsByDomain).toEqual([
        { direction: 'in', domain: 'asylum_procedure', count: 1 }, // h3
        { direction: 'in', domain: 'debt', count: 1 }, // h10
        { direction: 'in', domain: 'health', count: 1 }, // h7
        { direction: 'in', domain: 'housing', count: 7 }, // h1, h2, h5, h6, h8, h9, h14
        { direction: 'in', domain: 'mental_health', count: 1 }, // p3
        { direction: 'in', domain: 'residence_law', count: 1 }, // h4
        { direction: 'in', domain: 'school_education', count: 1 }, // h11
        { direction: 'in', domain: 'social_benefits', count: 1 }, // h2 (also in housing)
        { direction: 'out', domain: 'housing', count: 2 }, // o1, o2
        { direction: 'out', domain: 'legal_aid', count: 1 }, // o3
        { direction: 'out', domain: 'social_benefits', count: 1 }, // o2 (also in housing)
      ]);
    });

    it("counts flows in and out by the case's district at sending ('unknown' when none)", () => {
      expect(body.flowsByDistrict).toEqual([
        { direction: 'in', district: 'mitte', count: 2 }, // h3, h11
        { direction: 'in', district: 'nord', count: 1 }, // h7
        { direction: 'in', district: 'ost', count: 4 }, // h1, h2, h8, h9
        { direction: 'in', district: 'sued', count: 2 }, // h10, h14
        { direction: 'in', district: 'unknown', count: 1 }, // h4
        { direction: 'in', district: 'west', count: 3 }, // h5, h6, p3
        { direction: 'out', district: 'ost', count: 2 }, // o1, o2
        { direction: 'out', district: 'unknown', count: 1 }, // o3
      ]);
    });

    it('gives weekly series by ISO week in Europe/Berlin (weeks and series without events are not listed)', () => {
      expect(body.weekly).toEqual([
        { week: '2026-W40', series: 'incoming_handoffs', count: 1 }, // h1 (h13 is 1 ms before `from`)
        { week: '2026-W40', series: 'new_cases', count: 1 }, // A3 at `from` = Thu 1 Oct 00:00 Berlin (A10 is 1 ms earlier)
        { week: '2026-W41', series: 'incoming_handoffs', count: 3 }, // h2, h3, h4
        { week: '2026-W41', series: 'new_cases', count: 2 }, // A1, A4
        { week: '2026-W41', series: 'outgoing_handoffs', count: 2 }, // o1, o2
        { week: '2026-W42', series: 'closed_cases', count: 1 }, // A12
        { week: '2026-W42', series: 'incoming_handoffs', count: 4 }, // h5, h6, h7, h8
        { week: '2026-W42', series: 'new_cases', count: 4 }, // A2 (Mon 00:30 Berlin, Sun in UTC), A12, A13, A14
        { week: '2026-W42', series: 'outgoing_handoffs', count: 1 }, // o3
        { week: '2026-W43', series: 'closed_cases', count: 1 }, // A4
        { week: '2026-W43', series: 'incoming_handoffs', count: 3 }, // h9, h10, h14
        { week: '2026-W43', series: 'new_cases', count: 1 }, // A8 (Sun 23:30 CET; Mon in CEST)
        { week: '2026-W44', series: 'closed_cases', count: 1 }, // A6 (Sat 23:59:59.999 Berlin; A7 at `to`)
        { week: '2026-W44', series: 'incoming_handoffs', count: 2 }, // p3, h11 (h12 at `to`)
        { week: '2026-W44', series: 'new_cases', count: 1 }, // A9 (A11 at `to`)
      ]);
    });

    it('answers a window with no hand-offs with zeros and nulls, not errors', async () => {
      at(NOW);
      const res = await get(clara, `/dashboards/organisations/${orgA}?from=2026-06-01&to=2026-07-01`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          window: expect.objectContaining({ from: '2026-05-31T22:00:00.000Z', to: '2026-06-30T22:00:00.000Z', timeZone: 'Europe/Berlin' }),
          responseTimes: { responded: 0, medianHours: null, p90Hours: null },
          acceptance: { accepted: 0, declined: 0, rate: null },
          declinesByReason: [],
          outcomes: [],
          flowsByDomain: [],
          flowsByDistrict: [],
          weekly: [],
        }),
      );
      // Open cases and the pending inbox are "now" figures, independent of the window.
      expect(res.body.counsellors.map((c: { openCases: number; newInWindow: number }) => [c.openCases, c.newInWindow])).toEqual([
        [4, 0],
        [4, 0],
        [0, 0],
      ]);
      expect(res.body.pendingIncomingHandoffs).toEqual(body.pendingIncomingHandoffs);
    });
  });

  // ================================================================================================
  type FlowMatrix = { organisations: { id: string; name: string }[]; cells: [number, number, number | '<5'][] };
  /** The matrix's cells with their organisations' ids instead of indexes. */
  const cellsOf = (flows: FlowMatrix) =>
    flows.cells.map(([from, to, count]) => ({ from: flows.organisations[from].id, to: flows.organisations[to].id, count }));

  describe('GET /dashboards/network (October 2026, coordinator)', () => {
    let body: Record<string, unknown>;
    beforeAll(async () => {
      at(NOW);
      const res = await get(coordinator, `/dashboards/network?${WINDOW}`);
      expect(res.status).toBe(200);
      body = res.body;
    });
    const flow = (from: string, to: string, count: number | '<5') => ({ from, to, count });

    it('states the window and lists the sections in the documented order', () => {
      expect(Object.keys(body)).toEqual([
        'window',
        'generatedAt',
        'flows',
        'totalHandoffs',
        'unmetNeeds',
        'languageCoverage',
        'responseTimesByOrganisationKind',
      ]);
      expect(body.window).toEqual({ from: WINDOW_FROM, to: WINDOW_TO, timeZone: 'Europe/Berlin' });
    });

    it('gives the organisation-to-organisation flow matrix with small cells and the subtraction case suppressed', () => {
      // Raw counts sent in the window: A→B 3 (o1-o3), B→A 6 (h1, h2, h5, h8, h9, h11), B→G 8, D→A 3 (h6, h7, p3),
      // D→E 2, G→A 4 (h3, h4, h10, h14), G→B 5, Z→G 6; total 37.
      // Primary: A→B, D→A, D→E, G→A (1-4). Row G then has exactly one suppressed cell (G→A 4): with the other
      // cells it could be recovered, so its next smallest cell G→B (5) is suppressed too. Afterwards every row
      // and column has 0 or ≥ 2 suppressed cells, or no other cell (row A, row D... column E), and 5 cells are
      // suppressed in all, so the total (37) does not reveal any single one.
      expect(cellsOf(body.flows as FlowMatrix)).toEqual([
        flow(orgA, orgB, '<5'), // 3
        flow(orgB, orgA, 6), // h12 at `to` and h13 before `from` not counted
        flow(orgB, orgG, 8),
        flow(orgD, orgA, '<5'), // 3
        flow(orgD, orgE, '<5'), // 2
        flow(orgG, orgA, '<5'), // 4
        flow(orgG, orgB, '<5'), // 5: secondary suppression
        flow(orgZ, orgG, 6),
      ]);
      expect(body.totalHandoffs).toBe(37);
    });

    it('names every organisation once, ordered by name, and orders the cells by sender, then receiver', async () => {
      const flows = body.flows as FlowMatrix;
      const all: { id: string; name: string }[] = await t.dataSource.query('SELECT id, name FROM organisations');
      const byName = [...all].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
      // Organisations without hand-offs in the window are rows and columns too (Zeta only sends).
      expect(flows.organisations).toEqual(byName);
      expect(flows.organisations.map((o) => o.name)).toContain(ZETA);
      const keys = flows.cells.map(([from, to]) => from * flows.organisations.length + to);
      expect(keys).toEqual([...keys].sort((a, b) => a - b));
      expect(new Set(keys).size).toBe(keys.length);
    });

    it('does not list pairs without hand-offs in the window (zero cells)', () => {
      const pairs = cellsOf(body.flows as FlowMatrix).map((f) => `${names[f.from]} → ${names[f.to]}`);
      expect(pairs).not.toContain(`${names[orgE]} → ${names[orgG]}`); // only in September
      expect(pairs).not.toContain(`${names[orgD]} → ${ZETA}`); // only in June
      expect(cellsOf(body.flows as FlowMatrix).some((f) => f.count === 0)).toBe(false);
    });

    it('gives unmet needs (declines for no capacity or language) by reason, domain and language', () => {
      // Declined in the window for those reasons: h5, h6 (no_capacity, housing, ti); h7 (language, health, ps);
      // o2 (no_capacity, social_benefits + housing, no language → "none"); G→B ×5 (no_capacity, housing, uk);
      // Z→G ×5 (language, mental_health, prs). h8 (client_declined) and E→G (September) are left out.
      // No line (reason + domain, reason + language) has exactly one suppressed cell next to a shown one,
      // so only the cells 1-4 are suppressed.
      expect(body.unmetNeeds).toEqual([
        { reason: 'language_not_available', domain: 'health', language: 'ps', count: '<5' }, // 1
        { reason: 'language_not_available', domain: 'mental_health', language: 'prs', count: 5 },
        { reason: 'no_capacity', domain: 'housing', language: 'none', count: '<5' }, // 1 (o2)
        { reason: 'no_capacity', domain: 'housing', language: 'ti', count: '<5' }, // 2
        { reason: 'no_capacity', domain: 'housing', language: 'uk', count: 5 },
        { reason: 'no_capacity', domain: 'social_benefits', language: 'none', count: '<5' }, // 1 (o2)
      ]);
    });

    it('compares languages needed by open cases with languages offered by services, per district (citywide services count everywhere)', () => {
      expect(body.languageCoverage).toEqual([
        // B5-B9 (B10 closed); nobody offers Ukrainian.
        { district: 'nordost', language: 'uk', casesNeeding: 5, servicesOffering: 0, gap: true },
        // A1, A2, A13, A14, B1, B2, B3 (A4 closed); S1 (ost), S2 (citywide), S6 (ost, mitte).
        { district: 'ost', language: 'ar', casesNeeding: 7, servicesOffering: 3, gap: false },
        // Not listed: cells of fewer than 5 open cases, which a live view would announce one by one:
        // mitte/fa (A3, A10), nord/ps (B4), west/ti (A8, A9); and A5 (no district), the hand-offs'
        // unassigned cases (no district, no language).
      ]);
    });

    it('gives response times by kind of target organisation, withholding the hours below 5 answered', () => {
      expect(body.responseTimesByOrganisationKind).toEqual([
        // Epsilon: D→E answered after 3 h and 5 h.
        { organisationKind: 'authority', responded: '<5', medianHours: null, p90Hours: null },
        // Gamma: B→G 1, 2, 3, 4, 5, 6 and Z→G 8, 9, 10, 11, 12, 48 (12 values; E→G was sent and answered in September).
        // Median at position 5.5 → (6 + 8) / 2 = 7; p90 at position 9.9 → 11 + 0.9 × (12 − 11) = 11.9.
        { organisationKind: 'city_department', responded: 12, medianHours: 7, p90Hours: 11.9 },
        // Counted by the time of the answer: Alpha 1 (h13, sent 1 ms before `from`, answered inside), 2, 3, 4, 6, 10,
        // 20, 30, 50, 101 and Beta 5 (o1), 7 (o2), 24 ×5 (G→B): 17 values
        // 1 2 3 4 5 6 7 10 20 24 24 24 24 24 30 50 101; median at position 8 → 20; p90 at 14.4 → 30 + 0.4 × (50 − 30) = 38.
        { organisationKind: 'ngo', responded: 17, medianHours: 20, p90Hours: 38 },
        // volunteer_initiative (Delta) received nothing: no row.
      ]);
    });

    it("coverage is today's open cases whatever the window; no answered hand-offs → no response rows (June 2026)", async () => {
      at(NOW);
      const res = await get(coordinator, '/dashboards/network?from=2026-06-01&to=2026-07-01');
      expect(res.status).toBe(200);
      expect(res.body.unmetNeeds).toEqual([]);
      const current = await get(coordinator, '/dashboards/network');
      expect(res.body.languageCoverage).toEqual(current.body.languageCoverage);
      expect(res.body.languageCoverage).toContainEqual({
        district: 'ost',
        language: 'ar',
        casesNeeding: 7,
        servicesOffering: 3,
        gap: false,
      });
      expect(res.body.responseTimesByOrganisationKind).toEqual([]);
    });

    it('counts one whole calendar month that has ended: the month within the window asked for, by default the last one', async () => {
      at(NOW);
      const windowOf = async (query: string) => {
        const res = await get(coordinator, `/dashboards/network${query}`);
        expect(res.status).toBe(200);
        const { generatedAt: _generatedAt, ...figures } = res.body as Record<string, unknown>;
        return figures;
      };
      const { generatedAt: _generatedAt, ...october } = body;
      // By default October 2026 (Berlin), the last month that has ended: 2026-10-01T00:00+02:00 to 2026-11-01T00:00+01:00.
      expect(await windowOf('')).toEqual(october);
      // Mid-September to December: September is not wholly inside, November is not over yet → October alone.
      expect(await windowOf('?from=2026-09-15&to=2026-12-01')).toEqual(october);
      // `from` alone names its month; `to` alone the month that ends there.
      expect(await windowOf('?from=2026-10-01')).toEqual(october);
      expect(await windowOf('?to=2026-11-01')).toEqual(october);
    });

    it('refuses a window without a whole month that has ended (400), so that no single hand-off can be isolated', async () => {
      at(NOW);
      const h5 = Date.parse('2026-10-12T08:00:00.000Z'); // B→A, declined for no capacity (Tigrinya)
      for (const query of [
        `from=${new Date(h5).toISOString()}&to=${new Date(h5 + 1).toISOString()}`, // one millisecond
        'from=2026-10-12&to=2026-10-13', // one day
        'from=2026-10-02&to=2026-11-01', // October but its first day
        'from=2026-11-01&to=2026-12-01', // the current month
        'from=2026-11-01', // from the current month on
      ]) {
        const problem = expectProblem(await get(coordinator, `/dashboards/network?${query}`), 400);
        expect(problem.detail).toMatch(/whole calendar month/);
      }
    });

    it('refuses a range of months (400): overlapping ranges would give away the cells a month shows as "<5"', async () => {
      at(NOW);
      // September alone shows E→G (eg0, 1) as "<5". Were ranges allowed, September–October minus October would
      // be September cell by cell: E→G = 1 exactly.
      const september = await get(coordinator, '/dashboards/network?from=2026-09-01&to=2026-10-01');
      expect(september.status).toBe(200);
      expect(cellsOf(september.body.flows)).toContainEqual(flow(orgE, orgG, '<5'));
      for (const query of ['from=2026-09-01&to=2026-11-01', 'from=2026-06-01&to=2026-11-01', 'from=2023-11-01&to=2026-11-01']) {
        const problem = expectProblem(await get(coordinator, `/dashboards/network?${query}`), 400);
        expect(problem.detail).toBe('the network dashboard counts one calendar month at a time');
        expect(problem.errors).toEqual([{ field: 'to', message: expect.stringMatching(/ask for each month on its own/) }]);
      }
    });

    it('does not let the published total reveal the only suppressed cell of the matrix (June 2026)', async () => {
      at(NOW);
      const res = await get(coordinator, '/dashboards/network?from=2026-06-01&to=2026-07-01');
      expect(res.status).toBe(200);
      // Raw: B→G 7, D→Z 3, total 10. D→Z is alone in its row and its column, so the row and column rules find
      // nothing else to suppress; but with totalHandoffs = 10 published and B→G = 7 shown, D→Z = 10 − 7 = 3.
      // The README: "a list with a total ... the next smallest cell of that line is suppressed too" → B→G.
      expect(cellsOf(res.body.flows)).toEqual([flow(orgB, orgG, '<5'), flow(orgD, orgZ, '<5')]);
      expect(res.body.totalHandoffs).toBe(10);
    });
  });

  // ================================================================================================
  describe('the window', () => {
    type Row = { userId: string; newInWindow: number; closedInWindow: number };
    const figuresOf = async (query: string) => {
      at(NOW);
      const res = await get(clara, `/dashboards/organisations/${orgA}${query}`);
      expect(res.status).toBe(200);
      const row = (user: TestUser) => (res.body.counsellors as Row[]).find((c) => c.userId === user.id);
      return { window: res.body.window, generatedAt: res.body.generatedAt as string, anna: row(anna), bernd: row(bernd) };
    };

    it('includes `from` and excludes `to` to the millisecond', async () => {
      // 1 ms wider on both sides: A10 (1 ms before `from`) and A11 (at `to`) are now in; A7 closed at `to` too.
      const wider = await figuresOf('?from=2026-09-30T21:59:59.999Z&to=2026-10-31T23:00:00.001Z');
      expect(wider.anna).toEqual(expect.objectContaining({ newInWindow: 4, closedInWindow: 3 })); // + A7 closed
      expect(wider.bernd).toEqual(expect.objectContaining({ newInWindow: 4, closedInWindow: 0 })); // A8, A9, A10, A11
      // 1 ms narrower on both sides: A3 (at `from`) is out, and so are A9 and A6's closing (1 ms before `to`).
      const narrower = await figuresOf('?from=2026-09-30T22:00:00.001Z&to=2026-10-31T22:59:59.999Z');
      expect(narrower.anna).toEqual(expect.objectContaining({ newInWindow: 3, closedInWindow: 1 })); // A1, A2, A4; A4
      expect(narrower.bernd).toEqual(expect.objectContaining({ newInWindow: 1, closedInWindow: 0 })); // A8
    });

    it('reads a bare date as 00:00 Europe/Berlin, the same as the explicit instant', async () => {
      const bare = await figuresOf(`?${WINDOW}`);
      const explicit = await figuresOf(
        `?from=${encodeURIComponent('2026-10-01T00:00:00+02:00')}&to=${encodeURIComponent('2026-11-01T00:00:00+01:00')}`,
      );
      expect(bare.window).toEqual(expect.objectContaining({ from: WINDOW_FROM, to: WINDOW_TO, timeZone: 'Europe/Berlin' }));
      expect(explicit.window).toEqual({ ...bare.window, closedCasesDeletedBefore: expect.any(String) });
      expect(explicit.anna).toEqual(bare.anna);
    });

    it('defaults to the last 90 days up to now', async () => {
      const standard = await figuresOf('');
      expect(standard.window.to).toBe(standard.generatedAt);
      expect(Math.abs(Date.parse(standard.window.to) - NOW.getTime())).toBeLessThan(60_000);
      expect(Date.parse(standard.window.to) - Date.parse(standard.window.from)).toBe(90 * DAY_MS);
      // From about 2026-08-06 to now: Anna's A1-A7 all created (A5 in August), A4, A6, A7 closed;
      // Bernd's A8-A11 all created (A11 at 2026-10-31T23:00Z is before now).
      expect(standard.anna).toEqual(expect.objectContaining({ newInWindow: 7, closedInWindow: 3 }));
      expect(standard.bernd).toEqual(expect.objectContaining({ newInWindow: 4, closedInWindow: 0 }));
    });

    it('refuses from >= to, a window longer than three years and a malformed date with 400', async () => {
      at(NOW);
      for (const query of [
        'from=2026-11-01&to=2026-11-01', // empty
        'from=2026-11-02&to=2026-11-01', // reversed
        'from=2023-10-01&to=2026-11-01', // three years and a month
        'from=yesterday&to=2026-11-01',
        'from=2026-10-01&to=2026-13-01',
        // ISO 8601 forms that are not a day or an instant: a week, a day of the year, a year, a month, no zone.
        'from=2026-W40',
        'to=2026-280',
        'from=2026',
        'from=2026-10',
        `from=${encodeURIComponent('2026-10-01T00:00')}`,
      ]) {
        const organisation = expectProblem(await get(clara, `/dashboards/organisations/${orgA}?${query}`), 400);
        const network = expectProblem(await get(coordinator, `/dashboards/network?${query}`), 400);
        // The malformed bound alone is named, once: yesterday is no date, 2026-13-01 no real one.
        const malformed = !query.includes('&')
          ? query.split('=')[0]
          : { yesterday: 'from', '2026-13-01': 'to' }[query.match(/yesterday|2026-13-01/)?.[0] ?? ''];
        if (malformed) {
          for (const problem of [organisation, network]) {
            expect(problem.errors).toEqual([
              {
                field: malformed,
                message: expect.stringMatching(/^must be a date \(YYYY-MM-DD\) or a date-time with its time zone/),
              },
            ]);
          }
        }
      }
      // Exactly three years is allowed (the network dashboard counts one month at a time: above).
      expect((await get(clara, `/dashboards/organisations/${orgA}?from=2023-11-01&to=2026-11-01`)).status).toBe(200);
    });
  });

  // ================================================================================================
  describe('?format=csv', () => {
    const csv = async (user: TestUser, path: string) => {
      at(NOW);
      const res = await get(user, path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      return res;
    };

    it('exports the organisation dashboard as one long table: header, stable order, the JSON values', async () => {
      const path = `/dashboards/organisations/${orgA}?${WINDOW}`;
      const first = await csv(clara, `${path}&format=csv`);
      const second = await csv(clara, `${path}&format=csv`);
      expect(first.headers['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
      expect(first.text.split('\r\n')[0]).toBe(CSV_HEADER);
      expect(first.text.endsWith('\r\n')).toBe(true);
      expect(second.text).toBe(first.text);
      const rows = parseCsv(first.text).slice(1);
      for (const row of rows) expect(row).toHaveLength(6);
      // Sections in the documented order.
      expect([...new Set(rows.map((r) => r[0]))]).toEqual([
        'counsellors',
        'pendingIncomingHandoffs',
        'openCases',
        'acceptedHandoffs',
        'responseTimes',
        'acceptance',
        'declinesByReason',
        'outcomes',
        'flowsByDomain',
        'flowsByDistrict',
        'weekly',
      ]);
      // Sampled rows equal the JSON figures above.
      expect(csvValue(rows, 'counsellors', [anna.id, 'Anna Arendt'], 'openCases')).toBe('4');
      expect(csvValue(rows, 'counsellors', [bernd.id, 'Bernd Bauer'], 'capacity')).toBe('3');
      expect(csvValue(rows, 'pendingIncomingHandoffs', ['under_1_day', 'on_time'], 'count')).toBe('2');
      expect(csvValue(rows, 'responseTimes', [], 'p90Hours')).toBe('60.2');
      expect(csvValue(rows, 'acceptance', [], 'rate')).toBe('0.556');
      expect(csvValue(rows, 'declinesByReason', ['no_capacity', 'provider'], 'count')).toBe('2');
      expect(csvValue(rows, 'flowsByDomain', ['in', 'housing'], 'count')).toBe('7');
      expect(csvValue(rows, 'weekly', ['2026-W42', 'new_cases'], 'count')).toBe('4');
    });

    it('exports the network dashboard with "<5" cells and quotes a field with a comma or quote', async () => {
      const path = `/dashboards/network?${WINDOW}`;
      const first = await csv(coordinator, `${path}&format=csv`);
      const second = await csv(coordinator, `${path}&format=csv`);
      expect(first.text.split('\r\n')[0]).toBe(CSV_HEADER);
      expect(second.text).toBe(first.text);
      expect(first.text).toContain('"Zeta ""Rat, Tat & Hilfe"" e.V."');
      const rows = parseCsv(first.text).slice(1);
      for (const row of rows) expect(row).toHaveLength(6);
      expect([...new Set(rows.map((r) => r[0]))]).toEqual([
        'flows',
        'totalHandoffs',
        'unmetNeeds',
        'languageCoverage',
        'responseTimesByOrganisationKind',
      ]);
      // One row per cell of the matrix, named by the sending and the receiving organisation.
      const flowRows = rows.filter((r) => r[0] === 'flows');
      expect(flowRows).toHaveLength(8);
      expect(flowRows).toContainEqual(['flows', ZETA, names[orgG], '', 'count', '6']);
      expect(csvValue(rows, 'flows', [names[orgG], names[orgB]], 'count')).toBe('<5');
      expect(csvValue(rows, 'flows', [names[orgB], names[orgG]], 'count')).toBe('8');
      expect(csvValue(rows, 'totalHandoffs', [], 'totalHandoffs')).toBe('37');
      expect(csvValue(rows, 'unmetNeeds', ['no_capacity', 'housing', 'uk'], 'count')).toBe('5');
      expect(csvValue(rows, 'languageCoverage', ['nordost', 'uk'], 'gap')).toBe('1');
      expect(csvValue(rows, 'languageCoverage', ['ost', 'ar'], 'casesNeeding')).toBe('7');
      expect(csvValue(rows, 'languageCoverage', ['mitte', 'fa'], 'casesNeeding')).toBeUndefined(); // fewer than 5: not listed
      expect(csvValue(rows, 'responseTimesByOrganisationKind', ['city_department'], 'p90Hours')).toBe('11.9');
      expect(csvValue(rows, 'responseTimesByOrganisationKind', ['authority'], 'medianHours')).toBe('');
    });

    describe('the me-dashboard', () => {
      let rows: string[][];
      beforeAll(async () => {
        const first = await csv(anna, '/dashboards/me?format=csv');
        const second = await csv(anna, '/dashboards/me?format=csv');
        expect(second.text).toBe(first.text);
        expect(first.text.split('\r\n')[0]).toBe(CSV_HEADER);
        rows = parseCsv(first.text).slice(1);
      });
      const fieldsOf = (section: string, id: string) => rows.filter((r) => r[0] === section && r.includes(id)).flat();

      it('exports the open cases', () => {
        for (const row of rows) expect(row).toHaveLength(6);
        expect(csvValue(rows, 'openCases', [], 'total')).toBe('4');
        expect(csvValue(rows, 'openCases.byStatus', ['open'], 'count')).toBe('2');
        expect(csvValue(rows, 'openCases.byUrgency', ['high'], 'count')).toBe('2');
      });

      it('exports the due state of every pending hand-off', () => {
        const expected = { p3: 'overdue', h11: 'overdue', h12: 'due_today', p2: 'due_today', p4: 'on_time', p1: 'on_time' };
        const exported = Object.fromEntries(
          Object.keys(expected).map((label) => [label, fieldsOf('pendingIncomingHandoffs', handoffs[label].id)]),
        );
        expect(exported).toEqual(
          Object.fromEntries(Object.entries(expected).map(([label, state]) => [label, expect.arrayContaining([state])])),
        );
      });

      it('exports every due follow-up with its state', () => {
        expect({ A2: fieldsOf('followUps', cases.A2.id), A1: fieldsOf('followUps', cases.A1.id) }).toEqual({
          A2: expect.arrayContaining([cases.A2.displayCode, '2026-11-02', 'overdue']),
          A1: expect.arrayContaining([cases.A1.displayCode, '2026-11-04', 'due']),
        });
      });
    });
  });

  // ================================================================================================
  describe('access', () => {
    beforeEach(() => at(NOW));

    it("lets a lead see only their own organisation's dashboard (another organisation's id → 404)", async () => {
      expect((await get(clara, `/dashboards/organisations/${orgA}`)).status).toBe(200);
      expectProblem(await get(clara, `/dashboards/organisations/${orgB}`), 404);
      expectProblem(await get(clara, `/dashboards/organisations/${randomUUID()}`), 404);
      expectProblem(await get(leadB, `/dashboards/organisations/${orgA}`), 404);
      expect((await get(leadB, `/dashboards/organisations/${orgB}`)).status).toBe(200);
      expectProblem(await get(clara, '/dashboards/organisations/not-a-uuid'), 400);
    });

    it('lets the org admin in, but not a counsellor or the coordinator (403)', async () => {
      expect((await get(dora, `/dashboards/organisations/${orgA}?${WINDOW}`)).status).toBe(200);
      expectProblem(await get(anna, `/dashboards/organisations/${orgA}`), 403);
      expectProblem(await get(anna, `/dashboards/organisations/${orgA}?format=csv`), 403);
      expectProblem(await get(coordinator, `/dashboards/organisations/${orgA}`), 403);
    });

    it('opens the network dashboard to the coordinator only', async () => {
      expect((await get(coordinator, '/dashboards/network')).status).toBe(200);
      for (const user of [anna, clara, dora, leadB]) {
        expectProblem(await get(user, '/dashboards/network'), 403);
        expectProblem(await get(user, `/dashboards/network?${WINDOW}&format=csv`), 403);
      }
    });

    it('opens the me-dashboard to counsellors and leads; everyone needs a token', async () => {
      expect((await get(anna, '/dashboards/me')).status).toBe(200);
      expect((await get(clara, '/dashboards/me')).status).toBe(200);
      expectProblem(await get(dora, '/dashboards/me'), 403);
      expectProblem(await get(coordinator, '/dashboards/me'), 403);
      expectProblem(await get(null, '/dashboards/me'), 401);
      expectProblem(await get(null, `/dashboards/organisations/${orgA}`), 401);
      expectProblem(await get(null, '/dashboards/network'), 401);
    });
  });
});
