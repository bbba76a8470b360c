/**
 * Weights and texts of the large data set. Codes not present in the reference tables are dropped
 * at run time, codes missing here get a small default weight, so the seed follows the vocabularies.
 * Texts never contain personal data (no names, dates, numbers or addresses of clients).
 */
export type Weights = readonly (readonly [code: string, weight: number])[];

/** Popular domains dominate, as in Leipzig's counselling statistics. */
export const DOMAIN_WEIGHTS: Weights = [
  ['asylum_procedure', 16],
  ['residence_law', 15],
  ['social_benefits', 14],
  ['housing', 12],
  ['language_courses', 11],
  ['work_recognition', 7],
  ['registration_documents', 6],
  ['health', 5],
  ['childcare_family', 5],
  ['school_education', 4],
  ['legal_aid', 4],
  ['mental_health', 4],
  ['everyday_orientation', 4],
  ['debt', 2],
  ['discrimination', 1.5],
  ['violence_protection', 1.5],
  ['volunteering_mentoring', 1],
];

export const LANGUAGE_WEIGHTS: Weights = [
  ['ar', 18],
  ['uk', 16],
  ['fa', 10],
  ['ru', 10],
  ['prs', 8],
  ['tr', 7],
  ['en', 6],
  ['de', 5],
  ['ps', 3],
  ['ti', 2.5],
  ['ku', 2],
  ['fr', 2],
  ['ckb', 1.5],
  ['kmr', 1.5],
  ['so', 1.5],
  ['ro', 1.5],
  ['es', 1],
  ['pl', 1],
  ['bg', 1],
  ['sq', 1],
  ['ka', 1],
  ['vi', 1],
  ['rom', 0.8],
  ['sr', 0.7],
  ['ur', 0.7],
  ['am', 0.7],
];
/** Weight of a language present in the reference table but not listed above. */
export const RARE_LANGUAGE_WEIGHT = 0.25;

/** The big estates in the east and north-east and the centre are busiest. */
export const DISTRICT_WEIGHTS: Weights = [
  ['ost', 20],
  ['mitte', 16],
  ['nordost', 14],
  ['west', 10],
  ['alt_west', 9],
  ['sued', 8],
  ['suedost', 7],
  ['nordwest', 6],
  ['nord', 6],
  ['suedwest', 4],
];

export const AGE_BAND_WEIGHTS: Weights = [
  ['0-17', 12],
  ['18-26', 25],
  ['27-44', 40],
  ['45-64', 18],
  ['65+', 5],
];

export const GENDER_WEIGHTS: Weights = [
  ['female', 45],
  ['male', 47],
  ['diverse', 1],
  ['not_stated', 7],
];

/** Residence status by the client's first language: Ukrainians under §24, EU citizens, everyone else. */
export const RESIDENCE_WEIGHTS_UKRAINIAN: Weights = [
  ['temporary_protection', 85],
  ['residence_permit', 6],
  ['asylum_seeker', 2],
  ['other', 4],
  ['not_stated', 3],
];
export const RESIDENCE_WEIGHTS_EU: Weights = [
  ['eu_citizen', 88],
  ['residence_permit', 4],
  ['other', 4],
  ['not_stated', 4],
];
export const RESIDENCE_WEIGHTS_OTHER: Weights = [
  ['asylum_seeker', 30],
  ['recognised_refugee', 22],
  ['subsidiary_protection', 12],
  ['toleration', 9],
  ['residence_permit', 16],
  ['other', 5],
  ['not_stated', 6],
];
export const EU_LANGUAGES = ['ro', 'bg', 'pl', 'hu', 'cs', 'it', 'es', 'pt', 'el', 'hr', 'fr'];

export const CHANNEL_WEIGHTS: Weights = [
  ['walk_in', 38],
  ['phone', 22],
  ['referral', 15],
  ['email', 10],
  ['outreach', 7],
  ['online', 6],
  ['other', 2],
];

export const URGENCY_WEIGHTS: Weights = [
  ['normal', 78],
  ['high', 16],
  ['urgent', 6],
];

export const OPEN_STATUS_WEIGHTS: Weights = [
  ['open', 35],
  ['in_progress', 45],
  ['waiting', 20],
];

export const CASE_OUTCOME_WEIGHTS: Weights = [
  ['resolved', 55],
  ['referred_elsewhere', 20],
  ['no_longer_reachable', 12],
  ['client_withdrew', 8],
  ['other', 5],
];

/** Final states of hand-offs that are no longer pending (pending ones are allotted separately). */
export const SETTLED_HANDOFF_WEIGHTS: Weights = [
  ['completed', 52],
  ['declined', 17],
  ['expired', 13],
  ['accepted', 12],
  ['withdrawn', 6],
];

export const DECLINE_REASON_WEIGHTS: Weights = [
  ['no_capacity', 35],
  ['not_eligible', 15],
  ['client_unreachable', 12],
  ['wrong_domain', 10],
  ['language_not_available', 10],
  ['client_declined', 10],
  ['other', 8],
];

export const HANDOFF_OUTCOME_WEIGHTS: Weights = [
  ['service_provided', 65],
  ['client_did_not_attend', 12],
  ['referred_onwards', 10],
  ['client_withdrew', 8],
  ['other', 5],
];

export const CONSENT_METHOD_WEIGHTS: Weights = [
  ['verbal', 45],
  ['written', 30],
  ['interpreter_assisted', 18],
  ['digital', 7],
];

export const CONSENT_SCOPE_WEIGHTS: Weights = [
  ['this_handoff', 70],
  ['handoff_and_follow_up', 30],
];

/** Which fields an `updated` timeline event names. */
export const UPDATED_FIELDS: readonly string[] = [
  '{"fields": ["urgency"]}',
  '{"fields": ["status"]}',
  '{"fields": ["needs"]}',
  '{"fields": ["languages", "interpreterNeeded"]}',
  '{"fields": ["followUpOn"]}',
  '{"fields": ["district"]}',
  '{"fields": ["residenceStatus"]}',
];

export const NOTE_TEXTS: readonly string[] = [
  'Erstgespräch geführt, Anliegen geklärt und nächste Schritte besprochen.',
  'Unterlagen für den Antrag gemeinsam durchgesehen, einiges fehlt noch.',
  'Termin zur Folgeberatung vereinbart.',
  'Rückmeldung der Behörde steht noch aus.',
  'Antrag wurde eingereicht, Bescheid wird abgewartet.',
  'Sprachmittlung für den nächsten Termin organisiert.',
  'Fehlende Nachweise wurden nachgereicht.',
  'Widerspruchsfrist notiert, Entwurf wird vorbereitet.',
  'Freie Plätze in Integrationskursen recherchiert, Anmeldung besprochen.',
  'Wohnungsangebote besprochen, Bewerbungsunterlagen vorbereitet.',
  'Kontakt zur Schule aufgenommen, Rückruf erbeten.',
  'Telefonische Rückfrage, Termin wurde verschoben.',
  'Beratung mit Sprachmittlung per Telefon durchgeführt.',
  'Schreiben der Behörde erklärt, Antwort gemeinsam formuliert.',
  'Weitervermittlung an eine Fachstelle besprochen.',
  'Kostenübernahme geklärt, Bescheid liegt vor.',
  'Follow-up call done, documents are still missing.',
  'Client informed about the next steps and the appointment.',
  'Checked eligibility for the language course, waiting for confirmation.',
  'Discussed options for housing support, application prepared.',
];

export const HANDOFF_MESSAGE_ENDINGS: readonly string[] = [
  'Unterlagen liegen vor.',
  'Bitte um einen zeitnahen Termin.',
  'Sprachmittlung wird ggf. benötigt.',
  'Kontakt bitte über unsere Beratungsstelle.',
  'Erstgespräch bei uns ist erfolgt.',
  'Bescheid liegt vor, Frist beachten.',
  'Please contact us to arrange the first appointment.',
];

export const DECLINE_COMMENTS: readonly string[] = [
  'Derzeit keine freien Termine, Warteliste voll.',
  'Das Anliegen passt nicht zu unserem Angebot.',
  'Bitte an eine Stelle im Stadtteil verweisen.',
  'No counsellor for this language at the moment.',
];

export const WITHDRAW_COMMENTS: readonly string[] = [
  'Anliegen hat sich erledigt.',
  'Versehentlich an die falsche Stelle geschickt.',
  'Andere Lösung gefunden.',
];

export const CLOSING_COMMENTS: readonly string[] = ['Beratung abgeschlossen.', 'Kein weiterer Beratungsbedarf.', 'Anliegen erledigt.'];

/** Private network addresses of the offices (audit `ip`). */
export const OFFICE_ADDRESSES: readonly string[] = Array.from({ length: 24 }, (_, index) => `10.41.${index % 6}.${20 + index * 7}`);
