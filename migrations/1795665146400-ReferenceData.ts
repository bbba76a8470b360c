import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The coordinator's controlled vocabularies at launch: counselling domains, Leipzig's Stadtbezirke, languages. */
const DOMAINS: [code: string, nameDe: string, nameEn: string][] = [
  ['asylum_procedure', 'Asylverfahren', 'Asylum procedure'],
  ['residence_law', 'Aufenthaltsrecht', 'Residence law'],
  ['social_benefits', 'Sozialleistungen', 'Social benefits'],
  ['housing', 'Wohnen', 'Housing'],
  ['work_recognition', 'Arbeit und Anerkennung von Abschlüssen', 'Work and recognition of qualifications'],
  ['language_courses', 'Sprachkurse', 'Language courses'],
  ['school_education', 'Schule und Bildung', 'School and education'],
  ['childcare_family', 'Kinderbetreuung und Familie', 'Childcare and family'],
  ['health', 'Gesundheit', 'Health'],
  ['mental_health', 'Psychische Gesundheit', 'Mental health'],
  ['legal_aid', 'Rechtsberatung', 'Legal aid'],
  ['debt', 'Schuldnerberatung', 'Debt counselling'],
  ['discrimination', 'Diskriminierung', 'Discrimination'],
  ['violence_protection', 'Gewaltschutz', 'Protection from violence'],
  ['everyday_orientation', 'Orientierung im Alltag', 'Everyday orientation'],
  ['volunteering_mentoring', 'Ehrenamt und Patenschaften', 'Volunteering and mentoring'],
  ['registration_documents', 'Meldewesen und Dokumente', 'Registration and documents'],
];

const DISTRICTS: [code: string, name: string][] = [
  ['mitte', 'Mitte'],
  ['nordost', 'Nordost'],
  ['ost', 'Ost'],
  ['suedost', 'Südost'],
  ['sued', 'Süd'],
  ['suedwest', 'Südwest'],
  ['west', 'West'],
  ['alt_west', 'Alt-West'],
  ['nordwest', 'Nordwest'],
  ['nord', 'Nord'],
];

const LANGUAGES: [code: string, nameEn: string, nameDe: string, nativeName: string][] = [
  ['de', 'German', 'Deutsch', 'Deutsch'],
  ['en', 'English', 'Englisch', 'English'],
  ['ar', 'Arabic', 'Arabisch', 'العربية'],
  ['prs', 'Dari', 'Dari', 'دری'],
  ['fa', 'Persian (Farsi)', 'Persisch (Farsi)', 'فارسی'],
  ['ps', 'Pashto', 'Paschtu', 'پښتو'],
  ['uk', 'Ukrainian', 'Ukrainisch', 'Українська'],
  ['ru', 'Russian', 'Russisch', 'Русский'],
  ['tr', 'Turkish', 'Türkisch', 'Türkçe'],
  ['ku', 'Kurdish', 'Kurdisch', 'Kurdî'],
  ['ckb', 'Central Kurdish (Sorani)', 'Zentralkurdisch (Sorani)', 'کوردیی ناوەندی'],
  ['kmr', 'Northern Kurdish (Kurmanji)', 'Nordkurdisch (Kurmandschi)', 'Kurmancî'],
  ['ti', 'Tigrinya', 'Tigrinya', 'ትግርኛ'],
  ['so', 'Somali', 'Somali', 'Soomaali'],
  ['fr', 'French', 'Französisch', 'Français'],
  ['es', 'Spanish', 'Spanisch', 'Español'],
  ['it', 'Italian', 'Italienisch', 'Italiano'],
  ['pt', 'Portuguese', 'Portugiesisch', 'Português'],
  ['pl', 'Polish', 'Polnisch', 'Polski'],
  ['ro', 'Romanian', 'Rumänisch', 'Română'],
  ['bg', 'Bulgarian', 'Bulgarisch', 'Български'],
  ['sr', 'Serbian', 'Serbisch', 'Српски'],
  ['hr', 'Croatian', 'Kroatisch', 'Hrvatski'],
  ['bs', 'Bosnian', 'Bosnisch', 'Bosanski'],
  ['sq', 'Albanian', 'Albanisch', 'Shqip'],
  ['ka', 'Georgian', 'Georgisch', 'ქართული'],
  ['hy', 'Armenian', 'Armenisch', 'Հայերեն'],
  ['az', 'Azerbaijani', 'Aserbaidschanisch', 'Azərbaycanca'],
  ['vi', 'Vietnamese', 'Vietnamesisch', 'Tiếng Việt'],
  ['zh', 'Chinese', 'Chinesisch', '中文'],
  ['hi', 'Hindi', 'Hindi', 'हिन्दी'],
  ['ur', 'Urdu', 'Urdu', 'اردو'],
  ['bn', 'Bengali', 'Bengalisch', 'বাংলা'],
  ['ta', 'Tamil', 'Tamil', 'தமிழ்'],
  ['am', 'Amharic', 'Amharisch', 'አማርኛ'],
  ['om', 'Oromo', 'Oromo', 'Afaan Oromoo'],
  ['ha', 'Hausa', 'Hausa', 'Hausa'],
  ['yo', 'Yoruba', 'Yoruba', 'Yorùbá'],
  ['ig', 'Igbo', 'Igbo', 'Igbo'],
  ['sw', 'Swahili', 'Swahili', 'Kiswahili'],
  ['ln', 'Lingala', 'Lingala', 'Lingála'],
  ['rom', 'Romani', 'Romanes', 'Romani čhib'],
  ['he', 'Hebrew', 'Hebräisch', 'עברית'],
  ['el', 'Greek', 'Griechisch', 'Ελληνικά'],
  ['hu', 'Hungarian', 'Ungarisch', 'Magyar'],
  ['cs', 'Czech', 'Tschechisch', 'Čeština'],
  ['sgn-de', 'German Sign Language', 'Deutsche Gebärdensprache', 'DGS'],
];

export class ReferenceData1795665146400 implements MigrationInterface {
  name = 'ReferenceData1795665146400';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [index, [code, nameDe, nameEn]] of DOMAINS.entries()) {
      await queryRunner.query('INSERT INTO counselling_domains (code, name_de, name_en, sort_order) VALUES ($1, $2, $3, $4)', [
        code,
        nameDe,
        nameEn,
        index + 1,
      ]);
    }
    for (const [index, [code, name]] of DISTRICTS.entries()) {
      await queryRunner.query(`INSERT INTO districts (code, name, kind, sort_order) VALUES ($1, $2, 'district', $3)`, [
        code,
        name,
        index + 1,
      ]);
    }
    for (const [code, nameEn, nameDe, nativeName] of LANGUAGES) {
      await queryRunner.query('INSERT INTO languages (code, name_en, name_de, native_name) VALUES ($1, $2, $3, $4)', [
        code,
        nameEn,
        nameDe,
        nativeName,
      ]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM languages');
    await queryRunner.query('DELETE FROM districts');
    await queryRunner.query('DELETE FROM counselling_domains');
  }
}
