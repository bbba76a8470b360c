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
