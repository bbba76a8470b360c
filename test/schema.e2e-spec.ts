import { DataSource } from 'typeorm';
import { dataSourceOptions, validateEnvironment } from '@app/core';
import { ENTITIES } from '@app/migrations/data-source';
import { cloneTemplate, dropDatabase } from './support/test-database';

describe('database schema', () => {
  it('the migrations produce exactly what the entities describe (nothing left to generate)', async () => {
    const url = await cloneTemplate(`cc_test_schema_${process.pid}`);
    const dataSource = new DataSource({ ...dataSourceOptions(validateEnvironment({}), { url, poolSize: 1 }), entities: ENTITIES });
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
      await dropDatabase(url);
    }
  });
});
