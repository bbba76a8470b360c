import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '@app/auth';
import { CasesService, type CreateCaseDto } from '@app/cases';
import type { Role } from '@app/counsellors';
import { HandoffsService, type CreateHandoffDto } from '@app/handoffs';
import { DEMO_ORGANISATIONS } from './demo-network.data';
import { seedDemoHistory } from './seed-demo-history';
import { demoEmail } from './seed-demo-network';

const SEED_SESSION = '00000000-0000-4000-8000-000000000000';

interface DemoCase {
  by: [organisation: string, user: string];
  input: CreateCaseDto;
  note?: string;
  handoff?: {
    to: string;
    kind: CreateHandoffDto['kind'];
    domains: string[];
    message: string;
    /** What happens next, by whom at the target (or the sender for withdraw). */
    then?: 'accept' | 'decline' | 'withdraw' | 'complete' | 'expire';
    declineReason?: 'no_capacity' | 'language_not_available' | 'not_eligible';
  };
  close?: boolean;
}

const consent = (givenAt: string): CreateHandoffDto['consent'] => ({ given: true, givenAt, method: 'verbal', scope: 'this_handoff' });

const CASES: DemoCase[] = [
  {
    by: ['rmi', 'beratung1'],
    input: {
      needs: ['asylum_procedure', 'legal_aid'],
      languages: ['ar'],
      interpreterNeeded: true,
      urgency: 'high',
      district: 'ost',
      ageBand: '27-44',
      residenceStatus: 'asylum_seeker',
      firstContactChannel: 'walk_in',
    },
    note: 'Anhörung beim BAMF in drei Wochen, Unterlagen zur Vorbereitung fehlen noch.',
    handoff: {
      to: 'brueckenbau',
      kind: 'referral',
      domains: ['asylum_procedure'],
      message: 'Bitte Vorbereitung auf die Anhörung nach § 25 AsylG, Dolmetschung Arabisch nötig.',
    },
  },
  {
    by: ['rmi', 'beratung1'],
    input: {
      needs: ['mental_health'],
      languages: ['fa', 'de'],
      urgency: 'urgent',
      district: 'mitte',
      ageBand: '18-26',
      firstContactChannel: 'phone',
    },
    handoff: {
      to: 'psz',
      kind: 'referral',
      domains: ['mental_health'],
      message: 'Akute Belastung nach Fluchterfahrung, bittet um Erstgespräch auf Farsi.',
      then: 'accept',
    },
  },
  {
    by: ['rmi', 'beratung2'],
    input: {
      needs: ['housing'],
      languages: ['uk'],
      district: 'nordost',
      ageBand: '45-64',
      residenceStatus: 'temporary_protection',
      firstContactChannel: 'walk_in',
    },
    handoff: {
      to: 'wohnraumhilfe',
      kind: 'referral',
      domains: ['housing'],
      message: 'Familie mit 3 Kindern sucht Wohnung, Mietobergrenze laut Jobcenter 563 €.',
      then: 'decline',
      declineReason: 'no_capacity',
    },
  },
  {
    by: ['rmi', 'beratung2'],
    input: { needs: ['debt'], languages: ['ru'], district: 'west', ageBand: '27-44', firstContactChannel: 'referral' },
    handoff: {
      to: 'kompass',
      kind: 'referral',
      domains: ['debt'],
      message: 'Mahnungen von zwei Inkassobüros, Gesamtsumme ca. 2.400 EUR.',
      then: 'withdraw',
    },
  },
  {
    by: ['rmi', 'beratung1'],
    input: {
      needs: ['work_recognition'],
      languages: ['ar', 'en'],
      district: 'sued',
      ageBand: '27-44',
      residenceStatus: 'recognised_refugee',
      firstContactChannel: 'online',
    },
    handoff: {
      to: 'anerkennung',
      kind: 'referral',
      domains: ['work_recognition'],
      message: 'Pflegeausbildung aus Syrien, Anerkennung als Pflegefachkraft gewünscht.',
      then: 'complete',
    },
  },
  {
    by: ['brueckenbau', 'beratung1'],
    input: {
      needs: ['social_benefits', 'registration_documents'],
      languages: ['ti'],
      interpreterNeeded: true,
      district: 'nordwest',
      ageBand: '18-26',
      residenceStatus: 'subsidiary_protection',
      firstContactChannel: 'outreach',
    },
    handoff: {
      to: 'sozialamt-ratzelbogen',
      kind: 'transfer',
      domains: ['social_benefits'],
      message: 'Übergabe zur Leistungsberatung, Antrag nach AsylbLG ist vorbereitet.',
      then: 'accept',
    },
  },
  {
    by: ['brueckenbau', 'beratung2'],
    input: {
      needs: ['residence_law'],
      languages: ['so'],
      district: 'alt_west',
      ageBand: '27-44',
      residenceStatus: 'toleration',
      firstContactChannel: 'walk_in',
    },
    handoff: {
      to: 'rmi',
      kind: 'referral',
      domains: ['residence_law'],
      message: 'Frage zur Beschäftigungsduldung nach § 60d AufenthG.',
      then: 'expire',
    },
  },
  {
    by: ['sozialamt-ratzelbogen', 'beratung1'],
    input: {
      needs: ['housing', 'social_benefits'],
      languages: ['de', 'tr'],
      urgency: 'high',
      district: 'suedost',
      ageBand: '65+',
      firstContactChannel: 'walk_in',
    },
    handoff: {
      to: 'wohnraumhilfe',
      kind: 'transfer',
      domains: ['housing'],
      message: 'Drohender Wohnungsverlust, Räumungsklage angekündigt; bitte übernehmen.',
    },
  },
  {
    by: ['familieninfobuero', 'beratung1'],
    input: {
      needs: ['childcare_family', 'mental_health'],
      languages: ['ps'],
      interpreterNeeded: true,
      district: 'nord',
      ageBand: '27-44',
      gender: 'female',
      firstContactChannel: 'walk_in',
    },
    handoff: {
      to: 'psz',
      kind: 'referral',
      domains: ['mental_health'],
      message: 'Mutter von zwei Kleinkindern, wünscht Beratung auf Paschtu.',
      then: 'decline',
      declineReason: 'language_not_available',
    },
  },
  {
    by: ['familieninfobuero', 'beratung1'],
    input: { needs: ['school_education'], languages: ['uk', 'ru'], district: 'suedwest', ageBand: '0-17', firstContactChannel: 'email' },
    note: 'Schulplatz in Klasse 5 gefunden, Anmeldung erledigt.',
    close: true,
  },
  {
    by: ['rmi', 'beratung3'],
    input: {
      needs: ['language_courses', 'everyday_orientation'],
      languages: ['prs'],
      district: 'ost',
      ageBand: '18-26',
      firstContactChannel: 'walk_in',
      followUpOn: '2026-12-10',
    },
    note: 'Integrationskurs-Berechtigung liegt vor, Kursbeginn im Januar möglich.',
  },
];

/**
 * Cases and hand-offs in every state, created through the domain services, after the months of settled
 * referrals before them (seed-demo-history.ts); skipped if demo cases exist.
 */
export async function seedDemoCases(app: INestApplicationContext): Promise<number> {
  const dataSource = app.get(DataSource);
  const [{ count }] = await dataSource.query(
    `SELECT count(*)::int AS count FROM cases c JOIN users u ON u.id = c.created_by_id WHERE u.email LIKE '%@demo.leipzig.example'`,
  );
  if (count > 0) return 0;
  await seedDemoHistory(dataSource, new Date());
  const cases = app.get(CasesService);
  const handoffs = app.get(HandoffsService);
  const actorOf = async (organisationKey: string, userKey: string): Promise<Actor> => {
    const organisation = DEMO_ORGANISATIONS.find((o) => o.key === organisationKey);
    if (!organisation) throw new Error(`unknown demo organisation ${organisationKey}`);
    const [user] = await dataSource.query(`SELECT id, organisation_id, roles FROM users WHERE email = $1`, [
      demoEmail(organisation, userKey),
    ]);
    if (!user) throw new Error(`unknown demo user ${userKey}.${organisationKey}`);
    return new Actor(user.id, user.organisation_id, user.roles as Role[], SEED_SESSION);
  };
  const organisationId = async (key: string) => (await actorOf(key, firstCounsellor(key))).organisationId;

  for (const demo of CASES) {
    const sender = await actorOf(...demo.by);
    const created = await cases.create(sender, demo.input);
    if (demo.note) await cases.addNote(sender, created.id, { text: demo.note });
    if (demo.close) await cases.close(sender, created.id, { outcome: 'resolved' });
    if (!demo.handoff) continue;
    const handoff = await handoffs.create(sender, created.id, {
      targetOrganisationId: await organisationId(demo.handoff.to),
      kind: demo.handoff.kind,
      domains: demo.handoff.domains,
      message: demo.handoff.message,
      consent: consent(new Date().toISOString()),
    });
    const target = await actorOf(demo.handoff.to, firstCounsellor(demo.handoff.to));
    switch (demo.handoff.then) {
      case 'accept':
        await handoffs.accept(target, handoff.id, {});
        break;
      case 'decline':
        await handoffs.decline(target, handoff.id, { reason: demo.handoff.declineReason ?? 'no_capacity' });
        break;
      case 'withdraw':
        await handoffs.withdraw(sender, handoff.id, {});
        break;
      case 'complete':
        await handoffs.accept(target, handoff.id, {});
        await handoffs.complete(target, handoff.id, { outcome: 'service_provided' });
        break;
      case 'expire':
        await handoffs.expire(handoff.id);
        break;
      case undefined:
        break;
    }
  }
  return CASES.length;
}

function firstCounsellor(organisationKey: string): string {
  const organisation = DEMO_ORGANISATIONS.find((o) => o.key === organisationKey)!;
  const user = organisation.users.find((u) => u.roles.includes('counsellor')) ?? organisation.users.find((u) => u.roles.includes('lead'));
  if (!user) throw new Error(`demo organisation ${organisationKey} has no counsellor`);
  return user.key;
}
