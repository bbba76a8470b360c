/**
 * Demo network for Leipzig's counselling network for refugees and migrants.
 *
 * Plain typed data only: the seed command turns it into organisations, services and user
 * accounts. The city offices are the ones named in the seed article (see
 * shared/seed/README.md); their contact data here is FICTIONAL (street numbers, 0341 99999xxx
 * phone numbers, *.example domains) and must not be mistaken for the real offices' data.
 * Every NGO and volunteer initiative is invented and marked "(fiktiv)".
 *
 * Demo user e-mails are derived as `<user.key>.<org.key>@demo.leipzig.example`; organisation
 * e-mails deliberately use a different shape (no dot in the local part, or an own *.example
 * domain) so they never collide with a user's address.
 */

export interface DemoService {
  name: string;
  description: string;
  domain: string;
  languages: string[];
  districts: string[];
  eligibility: string;
  capacityStatus: 'open' | 'waitlist' | 'paused';
}

export interface DemoUser {
  key: string;
  displayName: string;
  roles: ('counsellor' | 'lead' | 'org_admin' | 'coordinator')[];
  languages: string[];
  domains: string[];
  caseCapacity: number;
  preferredLocale: 'de' | 'en';
}

export interface DemoOrganisation {
  key: string; // short stable slug, e.g. 'rmi', used in demo e-mails: <user.key>.<org.key>@demo.leipzig.example
  kind: 'city_department' | 'authority' | 'advisory_council' | 'ngo' | 'volunteer_initiative';
  name: string;
  shortName: string | null;
  description: string;
  email: string | null;
  phone: string | null;
  website: string | null; // organisational contact only; *.example domains and 0341 99999xxx fictional numbers
  address: { street: string; postalCode: string; city: 'Leipzig' } | null;
  openingHours: string;
  districts: string[];
  languages: string[];
  acceptsReferrals: boolean;
  responseSlaWorkingDays: number;
  active: boolean;
  services: DemoService[];
  users: DemoUser[];
}

export const DEMO_PASSWORD = 'Leipzig-Demo-2026!'; // shared demo password, printed by the seed

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  // ---------------------------------------------------------------------------------------------
  // City offices named in the seed article (contact data fictional)
  // ---------------------------------------------------------------------------------------------
  {
    key: 'rmi',
    kind: 'city_department',
    name: 'Referat für Migration und Integration',
    shortName: 'RMI',
    description:
      'Zentrale Anlaufstelle der Stadt Leipzig für Migrantinnen, Migranten und Geflüchtete. ' +
      'Informiert und berät zu Aufenthalt, Integration und städtischen Angeboten, verweist gezielt ' +
      'an die zuständigen Fachstellen und koordiniert das Beratungsnetzwerk. ' +
      'Demo-Daten: Kontaktangaben sind fiktiv.',
    email: 'rmi@demo.leipzig.example',
    phone: '0341 99999101',
    website: 'https://rmi.demo.leipzig.example',
    address: { street: 'Martin-Luther-Ring 901', postalCode: '04109', city: 'Leipzig' },
    openingHours: 'Di 9–12 und 13–18 Uhr, Do 9–12 und 13–15 Uhr, weitere Termine nach Vereinbarung',
    districts: [],
    languages: ['de', 'en', 'ar', 'fa', 'prs', 'ru', 'uk', 'fr', 'tr'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 3,
    active: true,
    services: [
      {
        name: 'Erstorientierung und Verweisberatung',
        description:
          'Erste Anlaufstelle für Neuzugezogene: Klärung des Anliegens, Information zu den ' +
          'zuständigen Stellen und gezielte Weiterleitung an passende Angebote im Netzwerk.',
        domain: 'everyday_orientation',
        languages: ['de', 'en', 'ar', 'fa', 'prs', 'ru', 'uk', 'fr', 'tr'],
        districts: [],
        eligibility: 'Alle in Leipzig lebenden Menschen mit Migrationsgeschichte, unabhängig vom Aufenthaltsstatus.',
        capacityStatus: 'open',
      },
      {
        name: 'Migrationsberatung zu Aufenthalt und Einbürgerung',
        description:
          'Information zu Aufenthaltstiteln, Verlängerung, Niederlassungserlaubnis und Einbürgerung; ' +
          'Vorbereitung von Unterlagen für die Ausländerbehörde.',
        domain: 'residence_law',
        languages: ['de', 'en', 'ar', 'ru', 'uk', 'tr'],
        districts: [],
        eligibility:
          'Menschen mit Wohnsitz in Leipzig. Keine Rechtsvertretung; bei laufenden Gerichtsverfahren ' +
          'Verweis an Anwältinnen und Anwälte.',
        capacityStatus: 'waitlist',
      },
      {
        name: 'Vermittlung von Ehrenamt und Sprachmittlung',
        description:
          'Vermittlung ehrenamtlicher Sprachmittlerinnen und Sprachmittler sowie von Patenschaften ' +
          'über den städtischen Ehrenamtspool.',
        domain: 'volunteering_mentoring',
        languages: ['de', 'en', 'ar', 'fa', 'prs'],
        districts: [],
        eligibility: 'Ratsuchende, Beratungsstellen und Menschen, die sich ehrenamtlich engagieren möchten.',
        capacityStatus: 'open',
      },
    ],
    users: [
      {
        key: 'koordination',
        displayName: 'Katrin Weißenborn',
        roles: ['coordinator'],
        languages: ['de', 'en'],
        domains: [],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
      {
        key: 'admin',
        displayName: 'Thomas Krüger',
        roles: ['org_admin'],
        languages: ['de', 'en'],
        domains: [],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
      {
        key: 'leitung',
        displayName: 'Dr. Leyla Özdemir',
        roles: ['lead'],
        languages: ['de', 'en', 'tr'],
        domains: ['everyday_orientation', 'residence_law'],
        caseCapacity: 20,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Amira Haddad',
        roles: ['counsellor'],
        languages: ['ar', 'en', 'de', 'fr'],
        domains: ['everyday_orientation', 'residence_law'],
        caseCapacity: 35,
        preferredLocale: 'en',
      },
      {
        key: 'beratung2',
        displayName: 'Farid Ahmadi',
        roles: ['counsellor'],
        languages: ['prs', 'fa', 'de', 'en'],
        domains: ['everyday_orientation', 'volunteering_mentoring'],
        caseCapacity: 30,
        preferredLocale: 'de',
      },
      {
        key: 'beratung3',
        displayName: 'Olena Kovalenko',
        roles: ['counsellor'],
        languages: ['uk', 'ru', 'de', 'en'],
        domains: ['residence_law', 'everyday_orientation'],
        caseCapacity: 30,
        preferredLocale: 'en',
      },
    ],
  },
  {
    key: 'buergeramt',
    kind: 'city_department',
    name: 'Bürgeramt',
    shortName: null,
    description:
      'Melde- und Dokumentenangelegenheiten der Stadt Leipzig: An- und Ummeldung, ' +
      'Meldebescheinigungen, Beglaubigungen und Bescheinigungen. Mehrere Standorte in den ' +
      'Stadtbezirken, Termine nach Online-Buchung. Demo-Daten: Kontaktangaben sind fiktiv.',
    email: 'buergeramt@demo.leipzig.example',
    phone: '0341 99999102',
    website: 'https://buergeramt.demo.leipzig.example',
    address: { street: 'Burgplatz 901', postalCode: '04109', city: 'Leipzig' },
    openingHours: 'Mo und Fr 8–12 Uhr, Di und Do 8–18 Uhr, Mi 8–14 Uhr (nur mit Termin)',
    districts: [],
    languages: ['de', 'en', 'ru'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 5,
    active: true,
    services: [
      {
        name: 'An- und Ummeldung des Wohnsitzes',
        description:
          'Anmeldung bei Zuzug, Ummeldung innerhalb Leipzigs und Abmeldung; Ausstellung der ' +
          'Meldebestätigung als Grundlage für weitere Behördengänge.',
        domain: 'registration_documents',
        languages: ['de', 'en'],
        districts: [],
        eligibility: 'Alle Personen, die in Leipzig eine Wohnung beziehen; Wohnungsgeberbestätigung erforderlich.',
        capacityStatus: 'open',
      },
      {
        name: 'Meldebescheinigungen und Beglaubigungen',
        description:
          'Erweiterte Meldebescheinigungen, Beglaubigungen von Kopien und Unterschriften an den ' + 'Standorten in den Stadtbezirken.',
        domain: 'registration_documents',
        languages: ['de', 'en', 'ru'],
        districts: ['mitte', 'ost', 'west', 'nord', 'sued'],
        eligibility: 'Einwohnerinnen und Einwohner Leipzigs; Termine sind derzeit knapp.',
        capacityStatus: 'waitlist',
      },
    ],
    users: [
      {
        key: 'leitung',
        displayName: 'Sabine Hoffmann',
        roles: ['lead'],
        languages: ['de', 'en'],
        domains: ['registration_documents'],
        caseCapacity: 20,
        preferredLocale: 'de',
      },
      {
        key: 'admin',
        displayName: 'Marco Lehmann',
        roles: ['org_admin'],
        languages: ['de'],
        domains: [],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Natalia Schmidt',
        roles: ['counsellor'],
        languages: ['ru', 'de', 'en'],
        domains: ['registration_documents'],
        caseCapacity: 40,
        preferredLocale: 'de',
      },
      {
        key: 'beratung2',
        displayName: 'Jan Wieland',
        roles: ['counsellor'],
        languages: ['de', 'en'],
        domains: ['registration_documents'],
        caseCapacity: 40,
        preferredLocale: 'en',
      },
    ],
  },
  {
    key: 'familieninfobuero',
    kind: 'city_department',
    name: 'Familieninfobüro im Stadthaus',
    shortName: 'Familieninfobüro',
    description:
      'Zentrale Informationsstelle für Familien: Kita-Platzsuche, Familienleistungen, Schule und ' +
      'Bildung, Freizeit- und Beratungsangebote. Verweist an die zuständigen Fachberatungsstellen. ' +
      'Demo-Daten: Kontaktangaben sind fiktiv.',
    email: 'familieninfobuero@demo.leipzig.example',
    phone: '0341 99999103',
    website: 'https://familieninfobuero.demo.leipzig.example',
    address: { street: 'Burgplatz 902', postalCode: '04109', city: 'Leipzig' },
    openingHours: 'Mo–Do 10–18 Uhr, Fr 10–14 Uhr',
    districts: [],
    languages: ['de', 'en', 'ar', 'uk', 'ru', 'fr'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 3,
    active: true,
    services: [
      {
        name: 'Beratung zu Kita-Platz und Kindertagespflege',
        description:
          'Unterstützung bei der Anmeldung im Kita-Portal, Information zu Kindertagespflege, ' + 'Elternbeiträgen und Beitragsermäßigung.',
        domain: 'childcare_family',
        languages: ['de', 'en', 'ar', 'uk'],
        districts: [],
        eligibility: 'Familien mit Wohnsitz in Leipzig und Kindern bis zum Schuleintritt.',
        capacityStatus: 'waitlist',
      },
      {
        name: 'Informationen zu Familienleistungen',
        description:
          'Orientierung zu Kindergeld, Elterngeld, Kinderzuschlag sowie Bildung und Teilhabe; ' + 'Hilfe beim Ausfüllen der Anträge.',
        domain: 'social_benefits',
        languages: ['de', 'en', 'ar', 'fr'],
        districts: [],
        eligibility: 'Eltern und Alleinerziehende mit Wohnsitz in Leipzig.',
        capacityStatus: 'open',
      },
      {
        name: 'Orientierung Schule und Bildungswege',
        description:
          'Information zu Schulanmeldung, Vorbereitungsklassen (DaZ), Schulwechsel und ' +
          'Bildungswegen für neu zugezogene Kinder und Jugendliche.',
        domain: 'school_education',
        languages: ['de', 'en', 'uk', 'ru', 'ar'],
        districts: [],
        eligibility: 'Familien mit schulpflichtigen Kindern, auch vor der ersten Schulanmeldung.',
        capacityStatus: 'open',
      },
    ],
    users: [
      {
        key: 'leitung',
        displayName: 'Claudia Neumann',
        roles: ['lead'],
        languages: ['de', 'en'],
        domains: ['childcare_family', 'social_benefits', 'school_education'],
        caseCapacity: 20,
        preferredLocale: 'de',
      },
      {
        key: 'admin',
        displayName: 'Steffen Bauer',
        roles: ['org_admin'],
        languages: ['de'],
        domains: [],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Yasmin Al-Khatib',
        roles: ['counsellor'],
        languages: ['ar', 'fr', 'de', 'en'],
        domains: ['childcare_family', 'social_benefits'],
        caseCapacity: 30,
        preferredLocale: 'de',
      },
      {
        key: 'beratung2',
        displayName: 'Iryna Melnyk',
        roles: ['counsellor'],
        languages: ['uk', 'ru', 'de', 'en'],
        domains: ['school_education', 'childcare_family'],
        caseCapacity: 30,
        preferredLocale: 'en',
      },
    ],
  },
  {
    key: 'akzess',
    kind: 'authority',
    name: 'Projekt AKZESS im Ordnungsamt',
    shortName: 'AKZESS',
    description:
      'Projekt im Ordnungsamt, das Geflüchteten und Zugewanderten den Zugang zu ' +
      'aufenthaltsrechtlichen Verfahren erleichtert: Information zu Antragsunterlagen, ' +
      'Lotsendienst zur Ausländerbehörde und Sprachmittlung bei Vorsprachen. ' +
      'Demo-Daten: Kontaktangaben sind fiktiv.',
    email: 'akzess@demo.leipzig.example',
    phone: '0341 99999104',
    website: 'https://akzess.demo.leipzig.example',
    address: { street: 'Prager Straße 901', postalCode: '04317', city: 'Leipzig' },
    openingHours: 'Mo, Di und Do 8–12 Uhr, Di 13–17 Uhr',
    districts: [],
    languages: ['de', 'en', 'ar', 'fa', 'prs', 'ps', 'ti', 'tr'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 5,
    active: true,
    services: [
      {
        name: 'Lotsendienst Ausländerbehörde',
        description:
          'Vorbereitung von Vorsprachen bei der Ausländerbehörde, Prüfung der Vollständigkeit von ' +
          'Unterlagen und Begleitung mit Sprachmittlung.',
        domain: 'residence_law',
        languages: ['de', 'en', 'ar', 'fa', 'prs', 'ps'],
        districts: [],
        eligibility: 'Menschen mit laufendem oder geplantem Antrag bei der Ausländerbehörde Leipzig.',
        capacityStatus: 'waitlist',
      },
      {
        name: 'Unterstützung bei Pass- und Identitätsklärung',
        description:
          'Information zu Passbeschaffung, Mitwirkungspflichten und Ersatzdokumenten; Kontakt zu ' + 'Botschaften und Konsulaten.',
        domain: 'registration_documents',
        languages: ['de', 'en', 'ti', 'ar', 'tr'],
        districts: [],
        eligibility: 'Geflüchtete und Geduldete ohne gültiges Passdokument.',
        capacityStatus: 'open',
      },
      {
        name: 'Information zum Asylverfahren nach Zuweisung',
        description:
          'Erklärung von Verfahrensschritten, Fristen und Bescheiden nach der Zuweisung nach ' +
          'Leipzig; Verweis an unabhängige Verfahrensberatung.',
        domain: 'asylum_procedure',
        languages: ['de', 'en', 'ar', 'fa', 'prs', 'ps', 'ti', 'tr'],
        districts: [],
        eligibility: 'Asylsuchende, die der Stadt Leipzig zugewiesen wurden.',
        capacityStatus: 'open',
      },
    ],
    users: [
      {
        key: 'leitung',
        displayName: 'Michael Vogt',
        roles: ['lead'],
        languages: ['de', 'en'],
        domains: ['residence_law', 'asylum_procedure'],
        caseCapacity: 20,
        preferredLocale: 'de',
      },
      {
        key: 'admin',
        displayName: 'Andrea Schulze',
        roles: ['org_admin'],
        languages: ['de'],
        domains: [],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Hamid Noori',
        roles: ['counsellor'],
        languages: ['prs', 'fa', 'ps', 'de', 'en'],
        domains: ['residence_law', 'asylum_procedure'],
        caseCapacity: 35,
        preferredLocale: 'de',
      },
      {
        key: 'beratung2',
        displayName: 'Selam Tesfaye',
        roles: ['counsellor'],
        languages: ['ti', 'en', 'de'],
        domains: ['registration_documents', 'asylum_procedure'],
        caseCapacity: 30,
        preferredLocale: 'en',
      },
    ],
  },
  {
    key: 'sozialamt-ratzelbogen',
    kind: 'city_department',
    name: 'Außenstelle des Sozialamtes im Ratzelbogen',
    shortName: 'Sozialamt Ratzelbogen',
    description:
      'Außenstelle des Sozialamtes in Grünau: Leistungen nach dem Asylbewerberleistungsgesetz, ' +
      'Unterbringung von Geflüchteten, Krankenbehandlungsscheine und Beratung zu Sozialleistungen. ' +
      'Demo-Daten: Kontaktangaben sind fiktiv.',
    email: 'sozialamt-ratzelbogen@demo.leipzig.example',
    phone: '0341 99999105',
    website: 'https://sozialamt.demo.leipzig.example',
    address: { street: 'Ratzelstraße 901', postalCode: '04207', city: 'Leipzig' },
    openingHours: 'Di 9–12 und 13–18 Uhr, Do 9–12 und 13–15 Uhr',
    districts: [],
    languages: ['de', 'en', 'ar', 'fa', 'prs', 'ru', 'uk', 'kmr'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 5,
    active: true,
    services: [
      {
        name: 'Leistungen nach dem Asylbewerberleistungsgesetz',
        description:
          'Antragstellung, Auszahlung und Änderungen bei Leistungen nach dem AsylbLG; Beratung bei ' +
          'Wechsel in andere Leistungssysteme.',
        domain: 'social_benefits',
        languages: ['de', 'en', 'ar', 'fa', 'prs', 'ru'],
        districts: [],
        eligibility: 'Leistungsberechtigte nach dem AsylbLG mit Zuweisung nach Leipzig.',
        capacityStatus: 'open',
      },
      {
        name: 'Unterbringung und Auszug in eigene Wohnung',
        description:
          'Plätze in Gemeinschaftsunterkünften und Gewährleistungswohnungen, Zustimmung zum Auszug ' +
          'und Übernahme angemessener Mietkosten.',
        domain: 'housing',
        languages: ['de', 'en', 'ar', 'uk', 'ru'],
        districts: [],
        eligibility: 'Geflüchtete in städtischer Unterbringung oder mit Anspruch darauf.',
        capacityStatus: 'waitlist',
      },
      {
        name: 'Krankenbehandlungsscheine und Gesundheitsleistungen',
        description: 'Ausgabe von Behandlungsscheinen, Klärung der Kostenübernahme für Behandlungen und ' + 'Hilfsmittel.',
        domain: 'health',
        languages: ['de', 'en', 'ar', 'fa', 'kmr'],
        districts: ['west', 'alt_west', 'suedwest'],
        eligibility: 'Leistungsberechtigte nach dem AsylbLG ohne elektronische Gesundheitskarte.',
        capacityStatus: 'open',
      },
    ],
    users: [
      {
        key: 'leitung',
        displayName: 'Birgit Hartmann',
        roles: ['lead'],
        languages: ['de', 'en'],
        domains: ['social_benefits', 'housing', 'health'],
        caseCapacity: 20,
        preferredLocale: 'de',
      },
      {
        key: 'admin',
        displayName: 'René Fischer',
        roles: ['org_admin'],
        languages: ['de'],
        domains: [],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Rania Saleh',
        roles: ['counsellor'],
        languages: ['ar', 'kmr', 'en', 'de'],
        domains: ['social_benefits', 'health'],
        caseCapacity: 40,
        preferredLocale: 'de',
      },
      {
        key: 'beratung2',
        displayName: 'Dmytro Bondarenko',
        roles: ['counsellor'],
        languages: ['uk', 'ru', 'de'],
        domains: ['housing', 'social_benefits'],
        caseCapacity: 35,
        preferredLocale: 'de',
      },
      {
        key: 'beratung3',
        displayName: 'Soraya Rahimi',
        roles: ['counsellor'],
        languages: ['fa', 'prs', 'de', 'en'],
        domains: ['social_benefits', 'health'],
        caseCapacity: 35,
        preferredLocale: 'en',
      },
    ],
  },
  {
    key: 'migrantenbeirat',
    kind: 'advisory_council',
    name: 'Migrantenbeirat der Stadt Leipzig',
    shortName: 'Migrantenbeirat',
    description:
      'Gewähltes Gremium, das die Interessen der Einwohnerinnen und Einwohner mit ' +
      'Migrationsgeschichte gegenüber Stadtrat und Verwaltung vertritt. Keine Einzelfallberatung ' +
      'und keine Annahme von Weiterleitungen; nimmt Hinweise auf strukturelle Probleme entgegen. ' +
      'Demo-Daten: Kontaktangaben sind fiktiv.',
    email: 'migrantenbeirat@demo.leipzig.example',
    phone: '0341 99999106',
    website: 'https://migrantenbeirat.demo.leipzig.example',
    address: { street: 'Martin-Luther-Ring 902', postalCode: '04109', city: 'Leipzig' },
    openingHours: 'Öffentliche Sitzungen monatlich; Geschäftsstelle nach Vereinbarung',
    districts: [],
    languages: ['de', 'en', 'ar', 'tr', 'ru', 'vi'],
    acceptsReferrals: false,
    responseSlaWorkingDays: 10,
    active: true,
    services: [
      {
        name: 'Anliegen und Hinweise an den Migrantenbeirat',
        description:
          'Sprechstunde der Beiratsmitglieder für Hinweise auf Benachteiligung und strukturelle ' +
          'Probleme, die in die Arbeit von Stadtrat und Verwaltung eingebracht werden.',
        domain: 'discrimination',
        languages: ['de', 'en', 'ar', 'tr', 'ru', 'vi'],
        districts: [],
        eligibility: 'Alle Leipzigerinnen und Leipziger; keine Einzelfallberatung.',
        capacityStatus: 'open',
      },
    ],
    users: [
      {
        key: 'admin',
        displayName: 'Elif Yıldız',
        roles: ['org_admin'],
        languages: ['de', 'tr', 'en'],
        domains: [],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
    ],
  },
  {
    key: 'seniorenbueros',
    kind: 'city_department',
    name: 'Seniorenbüros der Stadt Leipzig',
    shortName: 'Seniorenbüros',
    description:
      'Wohnortnahe Anlaufstellen für ältere Menschen in den Stadtbezirken: Beratung zu Pflege, ' +
      'Wohnen im Alter, Freizeit und Begegnung; auch für ältere Zugewanderte und ' +
      '(Spät-)Aussiedlerinnen und Aussiedler. Demo-Daten: Kontaktangaben sind fiktiv.',
    email: 'seniorenbueros@demo.leipzig.example',
    phone: '0341 99999107',
    website: 'https://seniorenbueros.demo.leipzig.example',
    address: { street: 'Georg-Schumann-Straße 901', postalCode: '04155', city: 'Leipzig' },
    openingHours: 'Mo–Do 9–15 Uhr, Fr 9–12 Uhr (je nach Standort)',
    districts: ['nord', 'nordost', 'ost', 'suedost', 'sued', 'west'],
    languages: ['de', 'ru', 'uk', 'vi'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 5,
    active: true,
    services: [
      {
        name: 'Beratung für ältere Zugewanderte',
        description:
          'Orientierung im Alltag, Hilfe bei Anträgen und Vermittlung an Fachstellen für ältere ' + 'Menschen mit Migrationsgeschichte.',
        domain: 'everyday_orientation',
        languages: ['de', 'ru', 'uk'],
        districts: ['ost', 'west', 'nord'],
        eligibility: 'Menschen ab 60 Jahren und ihre Angehörigen.',
        capacityStatus: 'open',
      },
      {
        name: 'Pflege- und Gesundheitsinformation im Alter',
        description: 'Information zu Pflegegrad, Pflegediensten, Hausnotruf und Gesundheitsangeboten im ' + 'Stadtbezirk.',
        domain: 'health',
        languages: ['de', 'ru'],
        districts: ['nord', 'sued', 'suedost', 'nordost'],
        eligibility: 'Menschen ab 60 Jahren und pflegende Angehörige.',
        capacityStatus: 'open',
      },
      {
        name: 'Begegnungscafé und Ehrenamtsbörse',
        description: 'Wöchentliches Begegnungscafé und Vermittlung von Besuchsdiensten durch Ehrenamtliche.',
        domain: 'volunteering_mentoring',
        languages: ['de', 'ru', 'uk', 'vi'],
        districts: ['ost'],
        eligibility: 'Offen für alle älteren Menschen; derzeit wegen Umbau des Standorts pausiert.',
        capacityStatus: 'paused',
      },
    ],
    users: [
      {
        key: 'leitung',
        displayName: 'Gabriele Franke',
        roles: ['lead'],
        languages: ['de'],
        domains: ['everyday_orientation', 'health', 'volunteering_mentoring'],
        caseCapacity: 20,
        preferredLocale: 'de',
      },
      {
        key: 'admin',
        displayName: 'Uwe Meier',
        roles: ['org_admin'],
        languages: ['de'],
        domains: [],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Ljudmila Wagner',
        roles: ['counsellor'],
        languages: ['ru', 'uk', 'de'],
        domains: ['everyday_orientation', 'health'],
        caseCapacity: 25,
        preferredLocale: 'de',
      },
    ],
  },
  {
    key: 'buergertelefon',
    kind: 'city_department',
    name: 'Bürgertelefon der Stadt Leipzig',
    shortName: 'Bürgertelefon',
    description:
      'Telefonische Auskunft der Stadtverwaltung zu Zuständigkeiten, Öffnungszeiten und ' +
      'Anliegen. Erste Anlaufstelle, die Anrufende gezielt an die zuständigen Stellen verweist; ' +
      'nimmt selbst keine Weiterleitungen entgegen. Demo-Daten: Kontaktangaben sind fiktiv.',
    email: 'buergertelefon@demo.leipzig.example',
    phone: '0341 99999108',
    website: 'https://buergertelefon.demo.leipzig.example',
    address: null,
    openingHours: 'Mo–Fr 7–18 Uhr (telefonisch)',
    districts: [],
    languages: ['de', 'en', 'ru'],
    acceptsReferrals: false,
    responseSlaWorkingDays: 2,
    active: true,
    services: [
      {
        name: 'Telefonische Auskunft und Verweisung',
        description: 'Auskunft zu Zuständigkeiten der Verwaltung und Verweis an passende Beratungsangebote im ' + 'Netzwerk.',
        domain: 'everyday_orientation',
        languages: ['de', 'en', 'ru'],
        districts: [],
        eligibility: 'Alle Anrufenden.',
        capacityStatus: 'open',
      },
      {
        name: 'Terminvermittlung für Bürgerämter',
        description: 'Telefonische Buchung von Terminen für Melde- und Dokumentenangelegenheiten.',
        domain: 'registration_documents',
        languages: ['de', 'en'],
        districts: [],
        eligibility: 'Einwohnerinnen und Einwohner ohne Zugang zur Online-Terminbuchung.',
        capacityStatus: 'open',
      },
    ],
    users: [
      {
        key: 'admin',
        displayName: 'Kerstin Lange',
        roles: ['org_admin'],
        languages: ['de'],
        domains: [],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Paul Zimmermann',
        roles: ['counsellor'],
        languages: ['de', 'en'],
        domains: ['everyday_orientation', 'registration_documents'],
        caseCapacity: 40,
        preferredLocale: 'de',
      },
      {
        key: 'beratung2',
        displayName: 'Svetlana Becker',
        roles: ['counsellor'],
        languages: ['ru', 'de', 'en'],
        domains: ['everyday_orientation'],
        caseCapacity: 40,
        preferredLocale: 'en',
      },
    ],
  },

  // ---------------------------------------------------------------------------------------------
  // Fictional NGOs and volunteer initiatives
  // ---------------------------------------------------------------------------------------------
  {
    key: 'brueckenbau',
    kind: 'ngo',
    name: 'Brückenbau Leipzig e.V. (fiktiv)',
    shortName: 'Brückenbau (fiktiv)',
    description:
      'Unabhängige Asyl- und Migrationsverfahrensberatung: Vorbereitung auf die Anhörung beim ' +
      'BAMF, Beratung nach Ablehnung, Familiennachzug und Aufenthaltsverfestigung. ' +
      'Fiktive Organisation für Demonstrationszwecke.',
    email: 'kontakt@brueckenbau-leipzig.example',
    phone: '0341 99999201',
    website: 'https://www.brueckenbau-leipzig.example',
    address: { street: 'Eisenbahnstraße 901', postalCode: '04315', city: 'Leipzig' },
    openingHours: 'Offene Sprechstunde Mo und Mi 10–14 Uhr, sonst nach Termin',
    districts: ['ost', 'nordost', 'mitte'],
    languages: ['de', 'en', 'ar', 'fa', 'prs', 'ps', 'ti', 'so', 'fr', 'kmr'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 5,
    active: true,
    services: [
      {
        name: 'Asylverfahrensberatung',
        description:
          'Unabhängige Beratung in allen Phasen des Asylverfahrens, insbesondere Vorbereitung auf ' +
          'die Anhörung und Erklärung von Bescheiden.',
        domain: 'asylum_procedure',
        languages: ['de', 'en', 'ar', 'fa', 'prs', 'ps', 'ti', 'so'],
        districts: [],
        eligibility: 'Asylsuchende in allen Verfahrensstadien, auch nach Ablehnung.',
        capacityStatus: 'waitlist',
      },
      {
        name: 'Beratung zum Familiennachzug',
        description:
          'Voraussetzungen, Fristen und Unterlagen für den Nachzug von Ehepartnern und Kindern; ' + 'Kontakt zu Auslandsvertretungen.',
        domain: 'residence_law',
        languages: ['de', 'en', 'ar', 'ti', 'so', 'fr'],
        districts: [],
        eligibility: 'Schutzberechtigte in Leipzig und ihre Angehörigen.',
        capacityStatus: 'waitlist',
      },
      {
        name: 'Aufenthaltsrechtliche Perspektivberatung',
        description: 'Beratung zu Bleiberechtsregelungen, Ausbildungs- und Beschäftigungsduldung und ' + 'Chancen-Aufenthaltsrecht.',
        domain: 'residence_law',
        languages: ['de', 'en', 'ar', 'kmr', 'fa'],
        districts: ['ost', 'nordost'],
        eligibility: 'Geduldete und Menschen mit befristetem Aufenthalt.',
        capacityStatus: 'open',
      },
    ],
    users: [
      {
        key: 'leitung',
        displayName: 'Jonas Richter',
        roles: ['lead', 'org_admin'],
        languages: ['de', 'en'],
        domains: ['asylum_procedure', 'residence_law'],
        caseCapacity: 20,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Nour El-Sayed',
        roles: ['counsellor'],
        languages: ['ar', 'fr', 'en', 'de'],
        domains: ['asylum_procedure', 'residence_law'],
        caseCapacity: 30,
        preferredLocale: 'en',
      },
      {
        key: 'beratung2',
        displayName: 'Ahmad Karimi',
        roles: ['counsellor'],
        languages: ['prs', 'fa', 'ps', 'de'],
        domains: ['asylum_procedure'],
        caseCapacity: 30,
        preferredLocale: 'de',
      },
      {
        key: 'beratung3',
        displayName: 'Hiwet Gebremedhin',
        roles: ['counsellor'],
        languages: ['ti', 'en', 'de'],
        domains: ['asylum_procedure', 'residence_law'],
        caseCapacity: 25,
        preferredLocale: 'en',
      },
    ],
  },
  {
    key: 'psz',
    kind: 'ngo',
    name: 'Psychosoziales Zentrum Lindenblüte (fiktiv)',
    shortName: 'PSZ Lindenblüte (fiktiv)',
    description:
      'Psychosoziale Beratung und Psychotherapie für traumatisierte Geflüchtete mit ' +
      'Sprachmittlung; Stabilisierungsgruppen, Clearing und Weitervermittlung in die ' +
      'Regelversorgung. Fiktive Organisation für Demonstrationszwecke.',
    email: 'kontakt@psz-lindenbluete.example',
    phone: '0341 99999202',
    website: 'https://www.psz-lindenbluete.example',
    address: { street: 'Karl-Heine-Straße 901', postalCode: '04229', city: 'Leipzig' },
    openingHours: 'Telefonsprechzeit Mo–Do 9–12 Uhr; Termine nach Vereinbarung',
    districts: [],
    languages: ['de', 'en', 'ar', 'fa', 'prs', 'ru', 'uk', 'kmr', 'ckb', 'ti', 'so'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 7,
    active: true,
    services: [
      {
        name: 'Psychosoziale Erstberatung und Clearing',
        description: 'Erstgespräch mit Sprachmittlung, Einschätzung des Unterstützungsbedarfs und ' + 'Vermittlung in passende Angebote.',
        domain: 'mental_health',
        languages: ['de', 'en', 'ar', 'fa', 'prs', 'uk', 'ru'],
        districts: [],
        eligibility: 'Geflüchtete mit psychischer Belastung; Zugang auch ohne Gesundheitskarte.',
        capacityStatus: 'waitlist',
      },
      {
        name: 'Traumatherapie mit Sprachmittlung',
        description: 'Ambulante Psychotherapie für Erwachsene und Jugendliche, unterstützt durch geschulte Sprachmittelnde.',
        domain: 'mental_health',
        languages: ['de', 'ar', 'fa', 'kmr', 'ckb', 'ti', 'so'],
        districts: [],
        eligibility: 'Geflüchtete mit Traumafolgestörungen nach abgeschlossenem Clearing; Aufnahmestopp bis Quartalsende.',
        capacityStatus: 'paused',
      },
      {
        name: 'Gesundheitslotsinnen und -lotsen',
        description: 'Begleitung zu Hausärztinnen, Fachärzten und Kliniken; Erklärung des Gesundheitssystems.',
        domain: 'health',
        languages: ['de', 'en', 'ar', 'uk'],
        districts: ['alt_west', 'west'],
        eligibility: 'Geflüchtete und Zugewanderte ohne hausärztliche Anbindung.',
        capacityStatus: 'open',
      },
    ],
    users: [
      {
        key: 'leitung',
        displayName: 'Dr. Miriam Falk',
        roles: ['lead'],
        languages: ['de', 'en'],
        domains: ['mental_health', 'health'],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
      {
        key: 'admin',
        displayName: 'Stefan Roth',
        roles: ['org_admin'],
        languages: ['de', 'en'],
        domains: [],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Kawa Barzani',
        roles: ['counsellor'],
        languages: ['kmr', 'ckb', 'ar', 'de'],
        domains: ['mental_health'],
        caseCapacity: 20,
        preferredLocale: 'de',
      },
      {
        key: 'beratung2',
        displayName: 'Tetiana Shevchenko',
        roles: ['counsellor'],
        languages: ['uk', 'ru', 'en', 'de'],
        domains: ['mental_health', 'health'],
        caseCapacity: 20,
        preferredLocale: 'en',
      },
    ],
  },
  {
    key: 'morgenrot',
    kind: 'ngo',
    name: 'Frauenschutz Morgenrot e.V. (fiktiv)',
    shortName: 'Morgenrot (fiktiv)',
    description:
      'Schutz und Beratung für Frauen und ihre Kinder, die von häuslicher oder ' +
      'geschlechtsspezifischer Gewalt betroffen sind, auch zu aufenthaltsrechtlichen Fragen bei ' +
      'Trennung. Die Adresse der Schutzunterkunft wird aus Sicherheitsgründen nicht veröffentlicht. ' +
      'Fiktive Organisation für Demonstrationszwecke.',
    email: 'beratung@morgenrot-leipzig.example',
    phone: '0341 99999203',
    website: 'https://www.morgenrot-leipzig.example',
    address: null,
    openingHours: 'Telefonisch rund um die Uhr erreichbar; Beratung Mo–Fr 9–16 Uhr',
    districts: [],
    languages: ['de', 'en', 'ar', 'fa', 'ru', 'uk', 'tr', 'so', 'fr'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 1,
    active: true,
    services: [
      {
        name: 'Schutzunterbringung für Frauen und Kinder',
        description: 'Anonyme Schutzunterkunft mit Begleitung, Sicherheitsplanung und Unterstützung bei der Perspektivplanung.',
        domain: 'violence_protection',
        languages: ['de', 'en', 'ar', 'fa', 'ru', 'uk', 'tr'],
        districts: [],
        eligibility: 'Von Gewalt betroffene Frauen ab 18 Jahren und ihre Kinder, unabhängig vom Aufenthaltsstatus.',
        capacityStatus: 'waitlist',
      },
      {
        name: 'Ambulante Beratung bei häuslicher Gewalt',
        description: 'Beratung zu Gewaltschutzanordnungen, Sicherheitsplanung und Begleitung zu Polizei und Gericht.',
        domain: 'violence_protection',
        languages: ['de', 'en', 'ar', 'so', 'fr', 'tr'],
        districts: [],
        eligibility: 'Betroffene Frauen, auch ohne Unterbringungsbedarf.',
        capacityStatus: 'open',
      },
      {
        name: 'Beratung zum eigenständigen Aufenthaltsrecht',
        description: 'Information zum eigenständigen Aufenthaltsrecht bei Trennung wegen häuslicher Gewalt.',
        domain: 'residence_law',
        languages: ['de', 'en', 'ar', 'ru'],
        districts: [],
        eligibility: 'Von Gewalt betroffene Ehegattinnen mit abgeleitetem Aufenthaltstitel.',
        capacityStatus: 'open',
      },
    ],
    users: [
      {
        key: 'leitung',
        displayName: 'Susanne Brandt',
        roles: ['lead', 'org_admin'],
        languages: ['de', 'en', 'ru'],
        domains: ['violence_protection', 'residence_law'],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Layla Mansour',
        roles: ['counsellor'],
        languages: ['ar', 'fr', 'en', 'de'],
        domains: ['violence_protection', 'residence_law'],
        caseCapacity: 20,
        preferredLocale: 'en',
      },
      {
        key: 'beratung2',
        displayName: 'Ayşe Demir',
        roles: ['counsellor'],
        languages: ['tr', 'de', 'en'],
        domains: ['violence_protection'],
        caseCapacity: 20,
        preferredLocale: 'de',
      },
    ],
  },
  {
    key: 'wohnraumhilfe',
    kind: 'ngo',
    name: 'Wohnraumhilfe Dach überm Kopf e.V. (fiktiv)',
    shortName: 'Dach überm Kopf (fiktiv)',
    description:
      'Unterstützung bei der Wohnungssuche, Mietberatung und Hilfe bei drohendem Wohnungsverlust ' +
      'für Geflüchtete und Zugewanderte im Leipziger Westen. Fiktive Organisation für ' +
      'Demonstrationszwecke.',
    email: 'kontakt@dach-ueberm-kopf.example',
    phone: '0341 99999204',
    website: 'https://www.dach-ueberm-kopf.example',
    address: { street: 'Georg-Schwarz-Straße 901', postalCode: '04177', city: 'Leipzig' },
    openingHours: 'Di 10–13 Uhr, Do 14–18 Uhr',
    districts: ['alt_west', 'west', 'nordwest'],
    languages: ['de', 'en', 'ar', 'uk', 'ru', 'ro', 'bg'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 5,
    active: true,
    services: [
      {
        name: 'Wohnungssuche und Mietberatung',
        description:
          'Hilfe bei Wohnungsbewerbungen, Erklärung von Mietverträgen, Kontakt zu ' +
          'Wohnungsunternehmen und Vorbereitung von Besichtigungen.',
        domain: 'housing',
        languages: ['de', 'en', 'ar', 'uk', 'ru'],
        districts: ['alt_west', 'west', 'nordwest'],
        eligibility: 'Menschen, die aus Gemeinschaftsunterkünften ausziehen dürfen, und Wohnungssuchende mit geringem Einkommen.',
        capacityStatus: 'waitlist',
      },
      {
        name: 'Beratung bei drohendem Wohnungsverlust',
        description: 'Beratung bei Kündigung, Räumungsklage oder Mietschulden; Vermittlung an Fachstellen.',
        domain: 'housing',
        languages: ['de', 'en', 'ro', 'bg', 'ru'],
        districts: [],
        eligibility: 'Haushalte mit Kündigung, Räumungsklage oder Mietrückständen.',
        capacityStatus: 'open',
      },
    ],
    users: [
      {
        key: 'leitung',
        displayName: 'Martin Kühn',
        roles: ['lead', 'org_admin'],
        languages: ['de', 'en'],
        domains: ['housing'],
        caseCapacity: 20,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Maryna Tkachenko',
        roles: ['counsellor'],
        languages: ['uk', 'ru', 'de'],
        domains: ['housing'],
        caseCapacity: 30,
        preferredLocale: 'de',
      },
      {
        key: 'beratung2',
        displayName: 'Adrian Popescu',
        roles: ['counsellor'],
        languages: ['ro', 'bg', 'en', 'de'],
        domains: ['housing'],
        caseCapacity: 30,
        preferredLocale: 'en',
      },
    ],
  },
  {
    key: 'kompass',
    kind: 'ngo',
    name: 'Schuldnerberatung Kompass e.V. (fiktiv)',
    shortName: 'Kompass (fiktiv)',
    description:
      'Anerkannte Schuldner- und Insolvenzberatung mit Budgetberatung und Unterstützung bei ' +
      'Bescheiden von Jobcenter und Sozialamt. Fiktive Organisation für Demonstrationszwecke.',
    email: 'info@kompass-schuldnerberatung.example',
    phone: '0341 99999205',
    website: 'https://www.kompass-schuldnerberatung.example',
    address: { street: 'Georg-Schumann-Straße 902', postalCode: '04155', city: 'Leipzig' },
    openingHours: 'Mo 13–17 Uhr, Mi 9–12 Uhr; Beratung nur mit Termin',
    districts: ['nord', 'nordwest', 'nordost'],
    languages: ['de', 'en', 'ru', 'ar', 'tr'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 10,
    active: true,
    services: [
      {
        name: 'Schuldner- und Insolvenzberatung',
        description: 'Überblick über Forderungen, Verhandlungen mit Gläubigern und Vorbereitung des Verbraucherinsolvenzverfahrens.',
        domain: 'debt',
        languages: ['de', 'en', 'ru', 'tr'],
        districts: [],
        eligibility: 'Überschuldete Privatpersonen mit Wohnsitz in Leipzig.',
        capacityStatus: 'waitlist',
      },
      {
        name: 'Budgetberatung und Kontoklärung',
        description: 'Haushaltsplanung, Einrichtung eines Pfändungsschutzkontos und P-Konto-Bescheinigungen.',
        domain: 'debt',
        languages: ['de', 'ar', 'en'],
        districts: ['nord', 'nordost'],
        eligibility: 'Haushalte mit Zahlungsschwierigkeiten oder Kontopfändung.',
        capacityStatus: 'open',
      },
      {
        name: 'Unterstützung bei Jobcenter-Bescheiden',
        description: 'Erklärung von Bescheiden, Hilfe bei Weiterbewilligungsanträgen und Rückforderungen.',
        domain: 'social_benefits',
        languages: ['de', 'en', 'ar', 'ru'],
        districts: ['nord'],
        eligibility: 'Leistungsberechtigte nach SGB II und SGB XII.',
        capacityStatus: 'open',
      },
    ],
    users: [
      {
        key: 'leitung',
        displayName: 'Heike Schubert',
        roles: ['lead', 'org_admin'],
        languages: ['de', 'en'],
        domains: ['debt', 'social_benefits'],
        caseCapacity: 20,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Viktor Lebedev',
        roles: ['counsellor'],
        languages: ['ru', 'de'],
        domains: ['debt', 'social_benefits'],
        caseCapacity: 25,
        preferredLocale: 'de',
      },
      {
        key: 'beratung2',
        displayName: 'Mehmet Aydın',
        roles: ['counsellor'],
        languages: ['tr', 'de', 'en'],
        domains: ['debt'],
        caseCapacity: 25,
        preferredLocale: 'en',
      },
    ],
  },
  {
    key: 'anerkennung',
    kind: 'ngo',
    name: 'Anerkennungswerkstatt Sachsen gGmbH (fiktiv)',
    shortName: 'Anerkennungswerkstatt (fiktiv)',
    description:
      'Beratung zur Anerkennung ausländischer Berufs- und Hochschulabschlüsse, Qualifizierung und ' +
      'Jobcoaching sowie Orientierung zu berufsbezogenen Deutschkursen. Fiktive Organisation für ' +
      'Demonstrationszwecke.',
    email: 'beratung@anerkennungswerkstatt.example',
    phone: '0341 99999206',
    website: 'https://www.anerkennungswerkstatt.example',
    address: { street: 'Karl-Liebknecht-Straße 901', postalCode: '04275', city: 'Leipzig' },
    openingHours: 'Mo–Do 9–16 Uhr, Fr 9–13 Uhr; Videoberatung möglich',
    districts: [],
    languages: ['de', 'en', 'ar', 'fa', 'uk', 'ru', 'fr', 'es', 'tr'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 5,
    active: true,
    services: [
      {
        name: 'Anerkennungsberatung für ausländische Abschlüsse',
        description:
          'Klärung der zuständigen Anerkennungsstelle, Unterstützung bei Antrag, Übersetzungen und ' +
          'Kostenübernahme, Beratung zu Ausgleichsmaßnahmen.',
        domain: 'work_recognition',
        languages: ['de', 'en', 'ar', 'fa', 'uk', 'ru', 'fr', 'es'],
        districts: [],
        eligibility: 'Menschen mit im Ausland erworbenem Berufs- oder Hochschulabschluss.',
        capacityStatus: 'open',
      },
      {
        name: 'Qualifizierungs- und Jobcoaching',
        description: 'Bewerbungscoaching, Vermittlung in Anpassungsqualifizierungen und Kontakt zu Arbeitgebern.',
        domain: 'work_recognition',
        languages: ['de', 'en', 'ar', 'uk', 'tr'],
        districts: [],
        eligibility: 'Personen mit Arbeitsmarktzugang, auch während des laufenden Anerkennungsverfahrens.',
        capacityStatus: 'waitlist',
      },
      {
        name: 'Orientierung zu Berufssprachkursen',
        description: 'Einstufungsberatung und Vermittlung in Berufssprachkurse (DeuFöV) und Fachsprachkurse.',
        domain: 'language_courses',
        languages: ['de', 'en', 'ar', 'uk'],
        districts: ['sued', 'suedost'],
        eligibility: 'Menschen mit Deutschkenntnissen ab Niveau A2.',
        capacityStatus: 'open',
      },
    ],
    users: [
      {
        key: 'leitung',
        displayName: 'Dr. Karin Seidel',
        roles: ['lead'],
        languages: ['de', 'en', 'fr'],
        domains: ['work_recognition', 'language_courses'],
        caseCapacity: 20,
        preferredLocale: 'de',
      },
      {
        key: 'admin',
        displayName: 'Lukas Hahn',
        roles: ['org_admin'],
        languages: ['de', 'en'],
        domains: [],
        caseCapacity: 15,
        preferredLocale: 'en',
      },
      {
        key: 'beratung1',
        displayName: 'Oksana Petrenko',
        roles: ['counsellor'],
        languages: ['uk', 'ru', 'en', 'de'],
        domains: ['work_recognition', 'language_courses'],
        caseCapacity: 35,
        preferredLocale: 'en',
      },
      {
        key: 'beratung2',
        displayName: 'Rami Nasser',
        roles: ['counsellor'],
        languages: ['ar', 'fa', 'en', 'de'],
        domains: ['work_recognition'],
        caseCapacity: 35,
        preferredLocale: 'de',
      },
      {
        key: 'beratung3',
        displayName: 'Carmen Ortega',
        roles: ['counsellor'],
        languages: ['es', 'fr', 'en', 'de'],
        domains: ['work_recognition'],
        caseCapacity: 30,
        preferredLocale: 'en',
      },
    ],
  },
  {
    key: 'sprachcafe',
    kind: 'volunteer_initiative',
    name: 'Sprachcafé Tee & Worte (fiktiv)',
    shortName: 'Tee & Worte (fiktiv)',
    description:
      'Ehrenamtlich organisiertes Sprachcafé: Deutsch üben im Gespräch, Hausaufgabenhilfe für ' +
      'Teilnehmende an Integrationskursen und Alltagslotsen. Ohne Anmeldung; nimmt keine ' +
      'Weiterleitungen entgegen. Fiktive Initiative für Demonstrationszwecke.',
    email: 'hallo@tee-und-worte.example',
    phone: null,
    website: 'https://www.tee-und-worte.example',
    address: { street: 'Zschochersche Straße 901', postalCode: '04229', city: 'Leipzig' },
    openingHours: 'Mi 17–19 Uhr, Sa 14–16 Uhr',
    districts: ['alt_west', 'suedwest'],
    languages: ['de', 'en', 'ar', 'fa', 'uk', 'es'],
    acceptsReferrals: false,
    responseSlaWorkingDays: 10,
    active: true,
    services: [
      {
        name: 'Offenes Sprachcafé',
        description: 'Gesprächsrunden an Tischen nach Sprachniveau, begleitet von Ehrenamtlichen.',
        domain: 'language_courses',
        languages: ['de', 'en', 'ar', 'fa', 'uk'],
        districts: ['alt_west'],
        eligibility: 'Offen für alle, ohne Anmeldung und kostenfrei.',
        capacityStatus: 'open',
      },
      {
        name: 'Alltagslotsen',
        description: 'Ehrenamtliche begleiten zu Ämtern, Ärztinnen und Ärzten, Schulen und Vermietern.',
        domain: 'everyday_orientation',
        languages: ['de', 'en', 'ar', 'es'],
        districts: ['alt_west', 'suedwest'],
        eligibility: 'Neu Zugezogene, die Begleitung zu Terminen suchen.',
        capacityStatus: 'waitlist',
      },
    ],
    users: [
      {
        key: 'admin',
        displayName: 'Johanna Pfeiffer',
        roles: ['org_admin'],
        languages: ['de', 'en', 'es'],
        domains: [],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
    ],
  },
  {
    key: 'weitblick',
    kind: 'volunteer_initiative',
    name: 'Patenschaftsnetz Weitblick (fiktiv)',
    shortName: 'Weitblick (fiktiv)',
    description:
      'Ehrenamtliches Netzwerk, das Patenschaften zwischen Leipzigerinnen und Leipzigern und ' +
      'Neuzugezogenen vermittelt: Alltagsbegleitung, Lernpatenschaften für Schulkinder und ' +
      'Familienpatenschaften. Fiktive Initiative für Demonstrationszwecke.',
    email: 'paten@weitblick-leipzig.example',
    phone: '0341 99999208',
    website: 'https://www.weitblick-leipzig.example',
    address: { street: 'Stuttgarter Allee 901', postalCode: '04209', city: 'Leipzig' },
    openingHours: 'Büro Di und Do 15–18 Uhr',
    districts: ['west', 'suedwest', 'alt_west'],
    languages: ['de', 'en', 'ar', 'fa', 'prs', 'uk', 'ru', 'fr'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 7,
    active: true,
    services: [
      {
        name: 'Patenschaften für Geflüchtete',
        description: 'Vermittlung einer ehrenamtlichen Patin oder eines Paten für Alltag, Sprache und Freizeit.',
        domain: 'volunteering_mentoring',
        languages: ['de', 'en', 'ar', 'fa', 'prs', 'uk'],
        districts: ['west', 'suedwest'],
        eligibility: 'Geflüchtete und Neuzugezogene jeden Alters; Vermittlung in etwa sechs Wochen.',
        capacityStatus: 'waitlist',
      },
      {
        name: 'Lernpatenschaften für Schulkinder',
        description: 'Wöchentliche Lernbegleitung durch Ehrenamtliche, in Absprache mit der Schule.',
        domain: 'school_education',
        languages: ['de', 'en', 'ar', 'uk', 'ru'],
        districts: ['west'],
        eligibility: 'Schülerinnen und Schüler der Klassen 1 bis 10.',
        capacityStatus: 'open',
      },
      {
        name: 'Familienpatenschaften',
        description: 'Ehrenamtliche unterstützen Familien mit kleinen Kindern im Alltag und bei der Kita-Suche.',
        domain: 'childcare_family',
        languages: ['de', 'fr', 'en', 'ar'],
        districts: ['west', 'alt_west'],
        eligibility: 'Familien mit Kindern unter sechs Jahren.',
        capacityStatus: 'open',
      },
    ],
    users: [
      {
        key: 'leitung',
        displayName: 'Anna Lorenz',
        roles: ['lead', 'org_admin'],
        languages: ['de', 'en'],
        domains: ['volunteering_mentoring', 'school_education', 'childcare_family'],
        caseCapacity: 20,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Mariam Sultani',
        roles: ['counsellor'],
        languages: ['prs', 'fa', 'de', 'en'],
        domains: ['volunteering_mentoring', 'school_education'],
        caseCapacity: 25,
        preferredLocale: 'de',
      },
      {
        key: 'beratung2',
        displayName: 'Felix Engel',
        roles: ['counsellor'],
        languages: ['de', 'en', 'fr'],
        domains: ['childcare_family', 'volunteering_mentoring'],
        caseCapacity: 25,
        preferredLocale: 'en',
      },
    ],
  },
  {
    key: 'lawclinic',
    kind: 'ngo',
    name: 'Refugee Law Clinic Auenwald e.V. (fiktiv)',
    shortName: 'Law Clinic Auenwald (fiktiv)',
    description:
      'Studentische Rechtsberatung unter anwaltlicher Supervision zu Asyl-, Aufenthalts- und ' +
      'Sozialrecht; Unterstützung bei Widersprüchen. Keine Vertretung vor Gericht. ' +
      'Fiktive Organisation für Demonstrationszwecke.',
    email: 'beratung@lawclinic-auenwald.example',
    phone: '0341 99999209',
    website: 'https://www.lawclinic-auenwald.example',
    address: { street: 'Universitätsstraße 901', postalCode: '04109', city: 'Leipzig' },
    openingHours: 'Sprechstunde Do 16–19 Uhr in der Vorlesungszeit',
    districts: [],
    languages: ['de', 'en', 'fr', 'ar', 'es', 'ru'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 7,
    active: true,
    services: [
      {
        name: 'Kostenlose Rechtsberatung im Migrationsrecht',
        description: 'Rechtliche Einschätzung von Bescheiden und Verfahren, Entwurf von Schreiben an Behörden.',
        domain: 'legal_aid',
        languages: ['de', 'en', 'fr', 'ar'],
        districts: [],
        eligibility: 'Menschen ohne Mittel für anwaltliche Beratung; keine Vertretung vor Gericht.',
        capacityStatus: 'open',
      },
      {
        name: 'Widerspruchshilfe bei Sozialleistungen',
        description: 'Prüfung von Bescheiden des Jobcenters oder Sozialamtes und Hilfe beim fristgerechten Widerspruch.',
        domain: 'social_benefits',
        languages: ['de', 'en', 'ru', 'ar'],
        districts: [],
        eligibility: 'Menschen mit ablehnendem oder kürzendem Bescheid von Jobcenter oder Sozialamt.',
        capacityStatus: 'open',
      },
      {
        name: 'Begleitung im Asylklageverfahren',
        description: 'Vorbereitung der Klage gegen einen BAMF-Bescheid und Vermittlung an Anwältinnen und Anwälte.',
        domain: 'asylum_procedure',
        languages: ['de', 'en', 'fr', 'es'],
        districts: [],
        eligibility: 'Asylsuchende mit ablehnendem BAMF-Bescheid; in der vorlesungsfreien Zeit pausiert.',
        capacityStatus: 'paused',
      },
    ],
    users: [
      {
        key: 'leitung',
        displayName: 'Lea Schwarz',
        roles: ['lead', 'org_admin'],
        languages: ['de', 'en', 'fr'],
        domains: ['legal_aid', 'asylum_procedure', 'social_benefits'],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Moussa Diallo',
        roles: ['counsellor'],
        languages: ['fr', 'en', 'de'],
        domains: ['legal_aid', 'asylum_procedure'],
        caseCapacity: 15,
        preferredLocale: 'en',
      },
      {
        key: 'beratung2',
        displayName: 'Sophie Krause',
        roles: ['counsellor'],
        languages: ['de', 'en', 'es', 'ru'],
        domains: ['legal_aid', 'social_benefits'],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
    ],
  },
  {
    key: 'gleichklang',
    kind: 'ngo',
    name: 'Antidiskriminierungsbüro Gleichklang e.V. (fiktiv)',
    shortName: 'Gleichklang (fiktiv)',
    description:
      'Beratung und Begleitung von Menschen, die Diskriminierung erleben, etwa auf dem ' +
      'Wohnungs- oder Arbeitsmarkt, bei Behörden oder im Bildungsbereich; Unterstützung bei ' +
      'Beschwerden nach dem AGG. Fiktive Organisation für Demonstrationszwecke.',
    email: 'beratung@gleichklang-leipzig.example',
    phone: '0341 99999210',
    website: 'https://www.gleichklang-leipzig.example',
    address: { street: 'Lützner Straße 901', postalCode: '04177', city: 'Leipzig' },
    openingHours: 'Mo und Mi 10–15 Uhr, Do 14–18 Uhr',
    districts: [],
    languages: ['de', 'en', 'ar', 'tr', 'ru', 'fr', 'sgn-de'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 5,
    active: true,
    services: [
      {
        name: 'Beratung bei Diskriminierung',
        description: 'Vertrauliche Beratung, Dokumentation von Vorfällen und Intervention gegenüber Verantwortlichen.',
        domain: 'discrimination',
        languages: ['de', 'en', 'ar', 'tr', 'ru', 'fr'],
        districts: [],
        eligibility: 'Menschen, die Diskriminierung erleben oder beobachtet haben.',
        capacityStatus: 'open',
      },
      {
        name: 'Begleitung bei AGG-Beschwerden',
        description: 'Unterstützung bei Beschwerden und bei der Geltendmachung von Ansprüchen innerhalb der Zwei-Monats-Frist.',
        domain: 'legal_aid',
        languages: ['de', 'en', 'tr', 'sgn-de'],
        districts: [],
        eligibility: 'Betroffene mit möglichen Ansprüchen nach dem Allgemeinen Gleichbehandlungsgesetz.',
        capacityStatus: 'waitlist',
      },
    ],
    users: [
      {
        key: 'leitung',
        displayName: 'Daniel Okafor',
        roles: ['lead'],
        languages: ['de', 'en', 'fr'],
        domains: ['discrimination', 'legal_aid'],
        caseCapacity: 20,
        preferredLocale: 'en',
      },
      {
        key: 'admin',
        displayName: 'Christine Wolf',
        roles: ['org_admin'],
        languages: ['de', 'sgn-de'],
        domains: [],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Zeynep Kaya',
        roles: ['counsellor'],
        languages: ['tr', 'de', 'en'],
        domains: ['discrimination', 'legal_aid'],
        caseCapacity: 25,
        preferredLocale: 'de',
      },
      {
        key: 'beratung2',
        displayName: 'Samir Benali',
        roles: ['counsellor'],
        languages: ['ar', 'fr', 'de'],
        domains: ['discrimination'],
        caseCapacity: 25,
        preferredLocale: 'de',
      },
    ],
  },
  {
    key: 'paunsdorf',
    kind: 'volunteer_initiative',
    name: 'Willkommensinitiative Paunsdorf (fiktiv)',
    shortName: null,
    description:
      'Nachbarschaftsinitiative mit Hausaufgabenhilfe, Elterntreff und Begleitung zu Behörden. ' +
      'Ruht derzeit mangels Ehrenamtlicher und erscheint daher nicht im Verzeichnis. ' +
      'Fiktive Initiative für Demonstrationszwecke.',
    email: 'kontakt@willkommen-paunsdorf.example',
    phone: null,
    website: null,
    address: { street: 'Paunsdorfer Allee 901', postalCode: '04329', city: 'Leipzig' },
    openingHours: 'Derzeit keine Sprechzeiten',
    districts: ['ost', 'nordost'],
    languages: ['de', 'en', 'ar', 'ru', 'uk', 'vi'],
    acceptsReferrals: true,
    responseSlaWorkingDays: 10,
    active: false,
    services: [
      {
        name: 'Hausaufgabenhilfe und Elterntreff',
        description: 'Hausaufgabenhilfe für Grundschulkinder und offener Treff für Eltern.',
        domain: 'school_education',
        languages: ['de', 'ar', 'uk'],
        districts: ['ost'],
        eligibility: 'Familien aus Paunsdorf und Heiterblick.',
        capacityStatus: 'paused',
      },
      {
        name: 'Begleitung zu Behörden',
        description: 'Ehrenamtliche begleiten zu Terminen bei Ämtern und übersetzen bei Bedarf.',
        domain: 'everyday_orientation',
        languages: ['de', 'en', 'ru', 'uk', 'vi'],
        districts: ['ost', 'nordost'],
        eligibility: 'Neuzugezogene im Stadtbezirk Ost.',
        capacityStatus: 'paused',
      },
    ],
    users: [
      {
        key: 'leitung',
        displayName: 'Bernd Scholz',
        roles: ['lead', 'org_admin'],
        languages: ['de', 'ru'],
        domains: ['school_education', 'everyday_orientation'],
        caseCapacity: 15,
        preferredLocale: 'de',
      },
      {
        key: 'beratung1',
        displayName: 'Thi Lan Nguyen',
        roles: ['counsellor'],
        languages: ['vi', 'de', 'en'],
        domains: ['everyday_orientation'],
        caseCapacity: 15,
        preferredLocale: 'en',
      },
    ],
  },
];
