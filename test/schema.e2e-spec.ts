import { DataSource } from 'typeorm';
import { dataSourceOptions, validateEnvironment } from '@app/core';
import { MIGRATIONS } from '@app/migrations';
import { ENTITIES } from '@app/migrations/entities';
import { cloneTemplate, dropDatabase, schemaDrift } from './support/test-database';

/** A fresh copy of the migrated template database, for one test. */
async function withDatabase(name: string, use: (dataSource: DataSource) => Promise<void>): Promise<void> {
  const url = await cloneTemplate(`${name}_${process.pid}`);
  const dataSource = new DataSource({
    ...dataSourceOptions(validateEnvironment({}), { url, poolSize: 1 }),
    entities: ENTITIES,
    migrations: MIGRATIONS,
  });
  await dataSource.initialize();
  try {
    await use(dataSource);
  } finally {
    await dataSource.destroy();
    await dropDatabase(url);
  }
}

/** Reverts `name` and every migration after it, as `npm run migration:revert` does, one at a time. */
async function revertThrough(dataSource: DataSource, name: string): Promise<void> {
  const count = MIGRATIONS.length - MIGRATIONS.findIndex((Migration) => new Migration().name === name);
  for (let reverted = 0; reverted < count; reverted++) await dataSource.undoLastMigration({ transaction: 'each' });
}

describe('database schema', () => {
  it('the migrations produce exactly what the entities describe (nothing left to generate)', () =>
    withDatabase('cc_test_schema', async (dataSource) => {
      expect(await schemaDrift(dataSource)).toEqual([]);
    }));

  it('every migration reverts as `npm run migration:revert` runs it, and applies again to the same schema', () =>
    withDatabase('cc_test_revert', async (dataSource) => {
      // As the CLI does (apps/cli/src/main.ts): one transaction per migration, unless it says otherwise.
      for (let reverted = 0; reverted < MIGRATIONS.length; reverted++) await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await dataSource.showMigrations()).toBe(true);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      expect(applied.map((migration) => migration.name)).toEqual(MIGRATIONS.map((Migration) => new Migration().name));
      expect(await schemaDrift(dataSource)).toEqual([]);
    }));

  it('moving e-mail state into email_outbox keeps every e-mail still to send, being sent or failed, and back again', () =>
    withDatabase('cc_test_outbox', async (dataSource) => {
      const revertOutbox = () => revertThrough(dataSource, 'EmailOutbox1795701000000');
      await revertOutbox();
      // Before: the e-mail's state in the notification's own columns.
      const before: Record<string, string> = {};
      for (const [label, status, enqueued, claimed, attempts] of [
        ['queued', 'pending', '2026-11-20T10:00:00Z', null, 0],
        ['retrying', 'pending', '2026-11-20T10:00:00Z', '2026-11-20T10:00:01Z', 2],
        ['sending', 'sending', '2026-11-20T10:00:00Z', '2026-11-20T10:00:01Z', 1],
        ['failed', 'failed', '2026-11-20T10:00:00Z', '2026-11-20T10:00:05Z', 6],
        ['sent', 'sent', '2026-11-20T10:00:00Z', '2026-11-20T10:00:01Z', 1],
        ['skipped', 'skipped', null, null, 0],
      ] as const) {
        const [{ id }] = await dataSource.query(
          `INSERT INTO notifications (recipient_id, kind, email_status, email_enqueued_at, email_claimed_at, email_attempts)
           VALUES (gen_random_uuid(), 'case_assigned', $1, $2, $3, $4) RETURNING id`,
          [status, enqueued, claimed, attempts],
        );
        before[label] = id;
      }

      await dataSource.runMigrations({ transaction: 'each' });
      const outbox = async () =>
        Object.fromEntries(
          (await dataSource.query(`SELECT * FROM email_outbox`)).map((row: { notification_id: string }) => [
            Object.keys(before).find((label) => before[label] === row.notification_id) ?? row.notification_id,
            row,
          ]),
        );
      const at = (iso: string) => new Date(iso);
      expect(await outbox()).toEqual({
        queued: { notification_id: before.queued, enqueued_at: at('2026-11-20T10:00:00Z'), claimed_at: null, attempts: 0, failed_at: null },
        retrying: {
          notification_id: before.retrying,
          enqueued_at: at('2026-11-20T10:00:00Z'),
          claimed_at: null,
          attempts: 2,
          failed_at: null,
        },
        sending: {
          notification_id: before.sending,
          enqueued_at: at('2026-11-20T10:00:00Z'),
          claimed_at: at('2026-11-20T10:00:01Z'),
          attempts: 1,
          failed_at: null,
        },
        failed: {
          notification_id: before.failed,
          enqueued_at: at('2026-11-20T10:00:00Z'),
          claimed_at: null,
          attempts: 6,
          failed_at: at('2026-11-20T10:00:05Z'),
        },
      });

      // And back: the outbox's e-mails regain their states; the rest count as sent.
      await revertOutbox();
      const statuses = await dataSource.query(`SELECT id, email_status, email_attempts FROM notifications`);
      const statusOf = (label: string) => statuses.find((row: { id: string }) => row.id === before[label]);
      expect(statusOf('queued')).toMatchObject({ email_status: 'pending', email_attempts: 0 });
      expect(statusOf('retrying')).toMatchObject({ email_status: 'pending', email_attempts: 2 });
      expect(statusOf('sending')).toMatchObject({ email_status: 'sending', email_attempts: 1 });
      expect(statusOf('failed')).toMatchObject({ email_status: 'failed', email_attempts: 6 });
      expect(statusOf('sent')).toMatchObject({ email_status: 'sent' });
      expect(statusOf('skipped')).toMatchObject({ email_status: 'sent' });
    }));

  it('ends the shares of completed referrals consented to for that hand-off only, keeps those still needed, and back again', () =>
    withDatabase('cc_test_shares', async (dataSource) => {
      const revert = () => revertThrough(dataSource, 'ConsentScopeEndsShares1795703000000');
      await revert();
      const owner = await dataSource.query(`SELECT gen_random_uuid() AS id`).then(([row]: { id: string }[]) => row.id);
      const insertCase = async (code: string): Promise<string> =>
        (await dataSource.query(`INSERT INTO cases (code, organisation_id) VALUES ($1, $2) RETURNING id`, [code, owner]))[0].id;
      const target: Record<string, string> = {};
      for (const label of ['once', 'followUp', 'ongoing', 'twice'])
        target[label] = (await dataSource.query(`SELECT gen_random_uuid() AS id`))[0].id;
      const referral = async (caseId: string, to: string, status: string, scope: string) => {
        const [{ id }] = await dataSource.query(
          `INSERT INTO handoffs (case_id, case_code, kind, status, sending_organisation_id, sender_id, target_organisation_id, domains, message,
                                 urgency, consent, response_due_at, responded_at)
           VALUES ($1, 'K7QM2XHD', 'referral', $2, $3, gen_random_uuid(), $4, '{housing}', 'Bitte um Rückmeldung.', 'normal',
                   jsonb_build_object('given', true, 'givenAt', '2026-11-01T10:00:00Z', 'method', 'verbal', 'scope', $5::text),
                   '2026-11-05T23:00:00Z', '2026-11-02T10:00:00Z') RETURNING id`,
          [caseId, status, owner, to, scope],
        );
        await dataSource.query(
          `INSERT INTO case_shares (case_id, organisation_id, handoff_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [caseId, to, id],
        );
      };
      const first = await insertCase('K7QM2XHD');
      const second = await insertCase('K7QM2XHE');
      await referral(first, target.once, 'completed', 'this_handoff');
      await referral(first, target.followUp, 'completed', 'handoff_and_follow_up');
      await referral(first, target.ongoing, 'accepted', 'this_handoff');
      await referral(second, target.twice, 'completed', 'this_handoff');
      await referral(second, target.twice, 'accepted', 'this_handoff');
      const shares = async () =>
        (await dataSource.query(`SELECT case_id, organisation_id FROM case_shares`))
          .map((row: { case_id: string; organisation_id: string }) => {
            const label = Object.keys(target).find((key) => target[key] === row.organisation_id);
            return `${row.case_id === first ? 'first' : 'second'} ${label}`;
          })
          .sort();

      await dataSource.runMigrations({ transaction: 'each' });
      expect(await shares()).toEqual(['first followUp', 'first ongoing', 'second twice']);
      await revert();
      expect(await shares()).toEqual(['first followUp', 'first once', 'first ongoing', 'second twice']);
    }));

  it("ends the shares that a transferred case's former owner gave, keeps those of its current owner's referrals, and back again", () =>
    withDatabase('cc_test_transfer_shares', async (dataSource) => {
      const revert = () => revertThrough(dataSource, 'TransferEndsShares1795705000000');
      await revert();
      const organisation: Record<string, string> = {};
      for (const label of ['former', 'owner', 'fromFormer', 'fromOwner'])
        organisation[label] = (await dataSource.query(`SELECT gen_random_uuid() AS id`))[0].id;
      // The case was transferred from `former` to `owner`; each had referred it, and both referrals were accepted.
      const [{ id: caseId }] = await dataSource.query(`INSERT INTO cases (code, organisation_id) VALUES ('K7QM2XHD', $1) RETURNING id`, [
        organisation.owner,
      ]);
      for (const [from, to] of [
        ['former', 'fromFormer'],
        ['owner', 'fromOwner'],
      ]) {
        const [{ id }] = await dataSource.query(
          `INSERT INTO handoffs (case_id, case_code, kind, status, sending_organisation_id, sender_id, target_organisation_id, domains, message,
                                 urgency, consent, response_due_at, responded_at)
           VALUES ($1, 'K7QM2XHD', 'referral', 'accepted', $2, gen_random_uuid(), $3, '{housing}', 'Bitte um Rückmeldung.', 'normal',
                   jsonb_build_object('given', true, 'givenAt', '2026-11-01T10:00:00Z', 'method', 'verbal', 'scope', 'this_handoff'),
                   '2026-11-05T23:00:00Z', '2026-11-02T10:00:00Z') RETURNING id`,
          [caseId, organisation[from], organisation[to]],
        );
        await dataSource.query(`INSERT INTO case_shares (case_id, organisation_id, handoff_id) VALUES ($1, $2, $3)`, [
          caseId,
          organisation[to],
          id,
        ]);
      }
      const sharedWith = async () =>
        (await dataSource.query(`SELECT organisation_id FROM case_shares`))
          .map((row: { organisation_id: string }) => Object.keys(organisation).find((key) => organisation[key] === row.organisation_id))
          .sort();

      await dataSource.runMigrations({ transaction: 'each' });
      expect(await sharedWith()).toEqual(['fromOwner']);
      await revert();
      expect(await sharedWith()).toEqual(['fromFormer', 'fromOwner']);
    }));

  it('gives notifications time-ordered ids (UUID version 7): later rows sort after earlier ones', () =>
    withDatabase('cc_test_uuid', async (dataSource) => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const [{ id }] = await dataSource.query(`SELECT uuid_v7()::text AS id`);
        ids.push(id);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect([...ids].sort()).toEqual(ids);
      // The first 48 bits are the Unix time in milliseconds.
      const millis = parseInt(ids[0].replace(/-/g, '').slice(0, 12), 16);
      expect(Math.abs(millis - Date.now())).toBeLessThan(60_000);
      const [{ column_default }] = await dataSource.query(
        `SELECT column_default FROM information_schema.columns WHERE table_name = 'notifications' AND column_name = 'id'`,
      );
      expect(column_default).toBe('uuid_v7()');
    }));
});
