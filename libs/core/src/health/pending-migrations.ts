import { MIGRATIONS } from '@app/migrations';

/** SQLSTATE undefined_table: no migration has ever run on this database. */
const UNDEFINED_TABLE = '42P01';

/** The migrations this build knows that the database has not applied, in order; any other error is thrown. */
export async function pendingMigrations(query: (sql: string) => Promise<{ name: string }[]>): Promise<string[]> {
  let applied: Set<string>;
  try {
    applied = new Set((await query('SELECT name FROM schema_migrations')).map((row) => row.name));
  } catch (error) {
    if ((error as { code?: string }).code !== UNDEFINED_TABLE) throw error;
    applied = new Set();
  }
  return MIGRATIONS.map((migration) => migration.name).filter((name) => !applied.has(name));
}

/** The start-up line for a database that lacks migrations, or undefined when it has them all. */
export function pendingMigrationsProblem(databaseName: string, pending: string[]): string | undefined {
  if (pending.length === 0) return undefined;
  const what =
    pending.length === MIGRATIONS.length
      ? 'has no schema yet'
      : `lacks ${pending.length} of this build's ${MIGRATIONS.length} migrations (the first: ${pending[0]})`;
  return `Database "${databaseName}" ${what}. Apply the migrations with: npm run migrate  (in an image: node dist/apps/cli/src/main.js migrate)`;
}
