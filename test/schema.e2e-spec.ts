import { DataSource } from 'typeorm';
import { dataSourceOptions, validateEnvironment } from '@app/core';
import { MIGRATIONS } from '@app/migrations';
import { ENTITIES } from '@app/migrations/data-source';
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
      const outboxAndAfter = MIGRATIONS.length - MIGRATIONS.findIndex((Migration) => new Migration().name === 'EmailOutbox1795701000000');
      const revertOutbox = async () => {
        for (let reverted = 0; reverted < outboxAndAfter; reverted++) await dataSource.undoLastMigration({ transaction: 'each' });
      };
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
