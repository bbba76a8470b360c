import { randomUUID } from 'node:crypto';
import type { Weights } from './vocabulary';

/**
 * The organisations, services and staff of the large data set, built in memory (a few thousand
 * rows) from a seeded random source: a few big offices (city departments, authorities, large
 * NGOs) carry most of the work, many small NGOs and initiatives a little each.
 */

export type OrganisationKind = 'city_department' | 'authority' | 'advisory_council' | 'ngo' | 'volunteer_initiative';
type Size = 'big' | 'medium' | 'small';

export interface LargeOrganisation {
  no: number;
  id: string;
  size: Size;
  /** Share of the network's cases and staff, relative. */
  weight: number;
  kind: OrganisationKind;
  name: string;
  short_name: string | null;
  description: string;
  email: string;
  phone: string;
  website: string | null;
  address: { street: string; postalCode: string; city: string };
  opening_hours: string;
  districts: string[];
  languages: string[];
  accepts_referrals: boolean;
  response_sla_working_days: number;
  active: boolean;
  created_at: string;
}

export interface LargeService {
  id: string;
  organisation_no: number;
  organisation_id: string;
  name: string;
  description: string;
  domain: string;
  languages: string[];
  districts: string[];
  eligibility: string;
  capacity_status: 'open' | 'waitlist' | 'paused';
  active: boolean;
  created_at: string;
}

export interface LargeUser {
  id: string;
  organisation_no: number;
  organisation_id: string;
  email: string;
  display_name: string;
  roles: string[];
  languages: string[];
  domains: string[];
  case_capacity: number;
  preferred_locale: 'de' | 'en';
  active: boolean;
  created_at: string;
  last_login_at: string | null;
}

export interface LargeNetwork {
  organisations: LargeOrganisation[];
  services: LargeService[];
  users: LargeUser[];
}

export interface NetworkOptions {
  organisations: number;
  users: number;
  emailDomain: string;
  domains: Weights;
  languages: Weights;
  districts: Weights;
  /** Names of the counselling domains, for service names. */
  domainNames: ReadonlyMap<string, string>;
  now: Date;
  random: () => number;
}

/** mulberry32: a small, fast, seeded PRNG, so the network is the same on every run of a scale. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BIG_ORGANISATIONS: { kind: OrganisationKind; name: string; short: string; weight: number }[] = [
  { kind: 'city_department', name: 'Referat Migration und Integration – Netzwerkstelle', short: 'RMI-N', weight: 70 },
  { kind: 'city_department', name: 'Sozialamt – Fachbereich Asyl und Migration', short: 'SOZ-AM', weight: 80 },
  { kind: 'authority', name: 'Ausländerbehörde – Servicebereich Beratung', short: 'ABH-SB', weight: 60 },
  { kind: 'authority', name: 'Jobcenter – Team Migration und Integration', short: 'JC-MI', weight: 65 },
  { kind: 'ngo', name: 'Migrationsberatung Leipzig gGmbH', short: 'MBL', weight: 55 },
  { kind: 'ngo', name: 'Flüchtlingshilfe Sachsen e.V. – Regionalstelle Leipzig', short: 'FHS', weight: 50 },
  { kind: 'city_department', name: 'Amt für Wohnungsbau – Wohnhilfen für Geflüchtete', short: 'AWB-WH', weight: 35 },
  { kind: 'ngo', name: 'Wohlfahrtsverband Mitteldeutschland – Migrationsdienst', short: 'WVM', weight: 45 },
  { kind: 'city_department', name: 'Gesundheitsamt – Migrationsgesundheitsdienst', short: 'GA-MG', weight: 30 },
  { kind: 'ngo', name: 'Jugendmigrationsdienst Leipzig', short: 'JMD', weight: 35 },
  { kind: 'ngo', name: 'Psychosoziales Zentrum für Geflüchtete Leipzig', short: 'PSZ', weight: 25 },
  { kind: 'ngo', name: 'Netzwerk Sprache und Arbeit Leipzig e.V.', short: 'NSA', weight: 40 },
];

const MEDIUM_PREFIXES: [OrganisationKind, string][] = [
  ['ngo', 'Beratungszentrum'],
  ['ngo', 'Interkulturelles Zentrum'],
  ['ngo', 'Migrationsberatung'],
  ['ngo', 'Frauen- und Familienzentrum'],
  ['ngo', 'Rechtsberatung für Geflüchtete'],
  ['authority', 'Bürgerservice'],
  ['advisory_council', 'Migrationsbeirat'],
  ['ngo', 'Bildungsberatung'],
];

const SMALL_PREFIXES: [OrganisationKind, string][] = [
  ['volunteer_initiative', 'Nachbarschaftsinitiative'],
  ['volunteer_initiative', 'Sprachcafé'],
  ['volunteer_initiative', 'Willkommensnetz'],
  ['volunteer_initiative', 'Patenschaftsprojekt'],
  ['ngo', 'Beratungsladen'],
  ['ngo', 'Frauentreff'],
  ['ngo', 'Elterncafé'],
  ['ngo', 'Stadtteilladen'],
  ['ngo', 'Schuldnerberatung'],
  ['ngo', 'Lernwerkstatt'],
  ['advisory_council', 'Arbeitskreis Migration'],
];

/** Leipzig's Ortsteile by Stadtbezirk code (names are public place names). */
const NEIGHBOURHOODS: Record<string, string[]> = {
  mitte: ['Zentrum', 'Zentrum-Ost', 'Zentrum-Süd', 'Zentrum-West', 'Zentrum-Nord', 'Zentrum-Südost'],
  nordost: ['Schönefeld', 'Mockau', 'Thekla', 'Plaußig'],
  ost: ['Volkmarsdorf', 'Neustadt-Neuschönefeld', 'Anger-Crottendorf', 'Reudnitz-Thonberg', 'Paunsdorf', 'Sellerhausen', 'Heiterblick'],
  suedost: ['Stötteritz', 'Probstheida', 'Meusdorf', 'Holzhausen'],
  sued: ['Connewitz', 'Südvorstadt', 'Lößnig', 'Dölitz'],
  suedwest: ['Plagwitz', 'Kleinzschocher', 'Schleußig', 'Knautkleeberg'],
  west: ['Grünau-Mitte', 'Grünau-Ost', 'Grünau-Nord', 'Lausen-Grünau'],
  alt_west: ['Lindenau', 'Altlindenau', 'Neulindenau', 'Leutzsch', 'Böhlitz-Ehrenberg'],
  nordwest: ['Möckern', 'Wahren', 'Lützschena'],
  nord: ['Gohlis', 'Eutritzsch', 'Wiederitzsch'],
};

const FIRST_NAMES = [
  'Anna', 'Lena', 'Sarah', 'Katrin', 'Julia', 'Miriam', 'Amira', 'Leyla', 'Olena', 'Yasmin', 'Fatma', 'Maryam', 'Nadia', 'Svetlana',
  'Ines', 'Claudia', 'Sabine', 'Hanna', 'Aylin', 'Zahra', 'Thomas', 'Jonas', 'Michael', 'Stefan', 'Farid', 'Omar', 'Ahmad', 'Dmytro',
  'Mehmet', 'Karim', 'Lukas', 'Felix', 'Jan', 'Tobias', 'Samir', 'Reza', 'Andrii', 'Daniel', 'Paul', 'Hassan',
]; // prettier-ignore
const LAST_NAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Wagner', 'Becker', 'Hoffmann', 'Krüger', 'Lehmann', 'Richter', 'Wolf',
  'Haddad', 'Ahmadi', 'Kovalenko', 'Özdemir', 'Yilmaz', 'Hosseini', 'Karimi', 'Nguyen', 'Popescu', 'Nowak', 'Ivanova', 'Shevchenko',
  'Rahimi', 'Demir', 'Kaya', 'Said', 'Mansour', 'Petrov', 'Bauer', 'Neumann', 'Schulz', 'Zimmermann', 'Hartmann', 'Sommer',
]; // prettier-ignore

const STREETS = ['Hauptstraße', 'Bahnhofstraße', 'Schulstraße', 'Parkallee', 'Lindenstraße', 'Am Markt', 'Gartenweg', 'Ringstraße'];

export function buildNetwork(options: NetworkOptions): LargeNetwork {
  const { random } = options;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const weighted = (weights: Weights): string => {
    const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
    let draw = random() * total;
    for (const [code, weight] of weights) {
      draw -= weight;
      if (draw < 0) return code;
    }
    return weights[weights.length - 1][0];
  };
  const distinctWeighted = (weights: Weights, count: number): string[] => {
    const chosen = new Set<string>();
    for (let attempt = 0; chosen.size < Math.min(count, weights.length) && attempt < count * 20; attempt++) chosen.add(weighted(weights));
    return [...chosen];
  };
  const daysAgo = (days: number) => new Date(options.now.getTime() - days * 86_400_000).toISOString();
  const hasLanguage = (code: string) => options.languages.some(([language]) => language === code);
  const baseLanguages = ['de', 'en'].filter(hasLanguage);

  const total = options.organisations;
  const bigCount = Math.min(BIG_ORGANISATIONS.length, Math.max(2, Math.ceil(total * 0.06)));
  const mediumCount = Math.max(1, Math.round(total * 0.15));
  const organisations: LargeOrganisation[] = [];
  const usedNames = new Set<string>();
  for (let no = 1; no <= total; no++) {
    const size: Size = no <= bigCount ? 'big' : no <= bigCount + mediumCount ? 'medium' : 'small';
    const district = weighted(options.districts);
    const neighbourhood = pick(NEIGHBOURHOODS[district] ?? ['Leipzig']);
    let kind: OrganisationKind;
    let name: string;
    let short: string | null = null;
    let weight: number;
    if (size === 'big') {
      const big = BIG_ORGANISATIONS[no - 1];
      ({ kind, name, short, weight } = big);
    } else {
      const [prefixKind, prefix] = pick(size === 'medium' ? MEDIUM_PREFIXES : SMALL_PREFIXES);
      kind = prefixKind;
      name = `${prefix} ${neighbourhood}`;
      for (let suffix = 2; usedNames.has(name); suffix++) name = `${prefix} ${neighbourhood} ${suffix}`;
      weight = size === 'medium' ? 6 + random() * 9 : 0.5 + random() * 2.5;
    }
    usedNames.add(name);
    const slug = `org${String(no).padStart(3, '0')}`;
    const languageCount = size === 'big' ? between(5, 10) : size === 'medium' ? between(3, 6) : between(1, 3);
    const languages = [
      ...new Set([...baseLanguages.slice(0, size === 'small' ? 1 : 2), ...distinctWeighted(options.languages, languageCount)]),
    ];
    const districts =
      size === 'big' || (size === 'medium' && random() < 0.5)
        ? []
        : distinctWeighted(options.districts, size === 'medium' ? between(2, 4) : between(1, 2));
    // A few small ones have closed or stopped taking referrals; the first (coordinating) office never.
    const active = no === 1 || size !== 'small' || random() > 0.04;
    const acceptsReferrals = active && (no === 1 || size !== 'small' || random() > 0.05);
    organisations.push({
      no,
      id: randomUUID(),
      size,
      weight: active ? weight : 0,
      kind,
      name,
      short_name: short,
      description: `${name}: Beratung und Begleitung für Geflüchtete und Zugewanderte in Leipzig. Testdaten des großen Datensatzes.`,
      email: `kontakt@${slug}.${options.emailDomain}`,
      phone: `0341 9998${String(no).padStart(4, '0')}`,
      website: size === 'small' && random() < 0.5 ? null : `https://${slug}.${options.emailDomain}`,
      address: { street: `${pick(STREETS)} ${between(1, 120)}`, postalCode: `04${between(103, 357)}`, city: 'Leipzig' },
      opening_hours: size === 'small' ? 'Mi 15–18 Uhr und nach Vereinbarung' : 'Mo–Do 9–16 Uhr, Fr 9–12 Uhr',
      districts,
      languages,
      accepts_referrals: acceptsReferrals,
      response_sla_working_days: random() < 0.8 ? 3 : random() < 0.75 ? 5 : 2,
      active,
      created_at: daysAgo(900 + between(0, 400)),
    });
  }

  // Services: every domain is offered by at least two organisations; the big ones offer many.
  const services: LargeService[] = [];
  const offered = new Map<number, Set<string>>(organisations.map((o) => [o.no, new Set<string>()]));
  const domainCodes = options.domains.map(([code]) => code);
  domainCodes.forEach((domain, index) => {
    for (const offset of [0, 1]) offered.get(organisations[(index * 2 + offset) % organisations.length].no)!.add(domain);
  });
  for (const organisation of organisations) {
    const count = organisation.size === 'big' ? between(6, 10) : organisation.size === 'medium' ? between(3, 5) : between(1, 2);
    for (const domain of distinctWeighted(options.domains, count)) offered.get(organisation.no)!.add(domain);
  }
  for (const organisation of organisations) {
    for (const domain of offered.get(organisation.no)!) {
      const domainName = options.domainNames.get(domain) ?? domain;
      const roll = random();
      services.push({
        id: randomUUID(),
        organisation_no: organisation.no,
        organisation_id: organisation.id,
        name: `${domainName} – Beratung`,
        description: `Beratung und Begleitung im Bereich ${domainName}. Testdaten des großen Datensatzes.`,
        domain,
        languages: organisation.languages.filter((_, index) => index < 2 || random() < 0.7),
        districts:
          random() < 0.5 ? [] : organisation.districts.length ? organisation.districts : distinctWeighted(options.districts, between(1, 3)),
        eligibility: 'Menschen mit Flucht- oder Migrationsgeschichte in Leipzig.',
        capacity_status: roll < 0.8 ? 'open' : roll < 0.95 ? 'waitlist' : 'paused',
        active: organisation.active && random() > 0.03,
        created_at: organisation.created_at,
      });
    }
  }

  // Staff: proportional to weight, at least an admin and a counsellor everywhere; coordinators at no. 1.
  const users: LargeUser[] = [];
  const totalWeight = organisations.reduce((sum, o) => sum + Math.max(o.weight, 0.5), 0);
  const minimum = organisations.length * 2;
  const spare = Math.max(0, options.users - minimum - 3);
  for (const organisation of organisations) {
    const staff = 2 + Math.round((Math.max(organisation.weight, 0.5) / totalWeight) * spare);
    const leads = Math.max(organisation.size === 'small' ? 0 : 1, Math.round(staff / 12));
    const coordinators = organisation.no === 1 ? Math.max(1, Math.round(options.users / 1000)) : 0;
    const domains = [...offered.get(organisation.no)!];
    const counters: Record<string, number> = {};
    const add = (role: string, roles: string[]) => {
      counters[role] = (counters[role] ?? 0) + 1;
      const languages = organisation.languages.filter((language, index) => language === 'de' || index < 1 || random() < 0.4);
      users.push({
        id: randomUUID(),
        organisation_no: organisation.no,
        organisation_id: organisation.id,
        email: `${role}${counters[role]}.org${String(organisation.no).padStart(3, '0')}@${options.emailDomain}`,
        display_name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
        roles,
        languages: languages.length ? languages : organisation.languages.slice(0, 1),
        domains: roles.includes('counsellor') || roles.includes('lead') ? domains.filter((_, index) => index < 1 || random() < 0.5) : [],
        case_capacity: roles.includes('counsellor') ? between(25, 60) : 15,
        preferred_locale: random() < 0.85 ? 'de' : 'en',
        active: organisation.active && (users.length % 37 !== 5 || roles.includes('org_admin') || roles.includes('coordinator')),
        created_at: daysAgo(between(30, 800)),
        last_login_at: random() < 0.9 ? daysAgo(random() * 30) : null,
      });
    };
    for (let index = 0; index < coordinators; index++) add('coordinator', ['coordinator']);
    add('admin', organisation.size === 'small' ? ['org_admin', 'lead'] : ['org_admin']);
    for (let index = 0; index < leads; index++) add('lead', ['lead']);
    for (let index = 0; index < Math.max(1, staff - 1 - leads); index++) add('counsellor', ['counsellor']);
  }
  // Every active organisation keeps at least one active counsellor (assignees and targets are drawn from them).
  for (const organisation of organisations) {
    const own = users.filter((user) => user.organisation_no === organisation.no && user.roles.includes('counsellor'));
    if (organisation.active && !own.some((user) => user.active)) own[0].active = true;
  }
  return { organisations, services, users };
}
