import type { DataSource } from 'typeorm';
import { seedLargeDataSet } from './seed-large';

/**
 * `seed:large [--scale=N] [--force]` on an initialised data source (database created, migrated).
 * Refuses a database that already holds cases unless --force is given (then the data set is added
 * next to what is there). Returns the process exit code.
 */
export async function seedLargeCommand(dataSource: DataSource, flags: string[]): Promise<number> {
  const scaleFlag = flags.find((flag) => flag.startsWith('--scale='));
  const scale = scaleFlag ? Number(scaleFlag.slice('--scale='.length)) : 1;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    console.error(`Invalid ${scaleFlag}: the scale must be a positive number (1 = full size, 0.01 = a hundredth).`);
    return 1;
  }
  const unknown = flags.filter((flag) => flag !== '--force' && !flag.startsWith('--scale='));
  if (unknown.length) {
    console.error(`Unknown option ${unknown.join(' ')} (seed:large takes --scale=N and --force).`);
    return 1;
  }
  if (!dataSource.isInitialized) await dataSource.initialize();
  try {
    const [{ cases }] = await dataSource.query('SELECT EXISTS (SELECT 1 FROM cases) AS cases');
    if (cases && !flags.includes('--force')) {
      console.error('The database already holds cases; seed:large refuses to add to them (use --force to add the large data set anyway).');
      return 1;
    }
    const result = await seedLargeDataSet(dataSource, { scale, log: (line) => console.log(line) });
    const [{ size }] = await dataSource.query('SELECT pg_size_pretty(pg_database_size(current_database())) AS size');
    const sizes: { name: string; size: string }[] = await dataSource.query(
      `SELECT c.relname AS name, pg_size_pretty(pg_total_relation_size(c.oid)) AS size
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relname = ANY($1::text[])`,
      [Object.keys(result.rows)],
    );
    const sizeOf = new Map(sizes.map((row) => [row.name, row.size]));
    console.log(`\nLarge data set ready in ${result.seconds.toFixed(1)} s (database ${size}):`);
    for (const [table, rows] of Object.entries(result.rows)) {
      console.log(`  ${table.padEnd(16)} ${rows.toLocaleString('en-US').padStart(12)} rows  ${(sizeOf.get(table) ?? '').padStart(8)}`);
    }
    console.log(`\nEvery seeded account has the password "${result.password}". For example:`);
    for (const login of result.logins) console.log(`  ${login.role.padEnd(12)} ${login.email.padEnd(44)} (${login.organisation})`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}
