import 'reflect-metadata';
import { databaseName, ensureDatabase, prepareProcess } from '@app/core';

const USAGE = `Usage: node dist/apps/cli/src/main.js <command>
  db:create        create the database named in DATABASE_URL if it is missing
  migrate          create the database if needed and apply pending migrations
  migrate:revert   revert the last applied migration
  seed:demo        create or update the demo network with cases and hand-offs in every state (idempotent)
  seed:large       db:create + migrate + the large benchmark data set (--scale=N, 1 = 1M cases; --force if cases exist)
  audit:verify     recompute the audit log's hash chains; exit code 1 if any entry was altered
  password-link <email>
                   print a link that sets that account's password once (60 minutes), for an operator to
                   hand over where no SMTP server is configured
  create-coordinator <email> <organisation name> [--name=<display name>]
                   a fresh network's first account: the network coordinator (and admin of its office,
                   created if no organisation has that name), then prints its password link; refused
                   while the network has an active coordinator
  prepare          db:create + migrate (+ seed:demo with --demo)

seed:demo, seed:large and prepare --demo refuse NODE_ENV=production (the demo's passwords are public)
unless given --force.`;

const COMMANDS = [
  'db:create',
  'migrate',
  'migrate:revert',
  'seed:demo',
  'seed:large',
  'audit:verify',
  'password-link',
  'create-coordinator',
  'prepare',
];

async function main(argv: string[]): Promise<void> {
  const [command, ...flags] = argv;
  if (!command || command === '--help') {
    console.log(USAGE);
    return;
  }
  if (!COMMANDS.includes(command)) {
    console.error(`Unknown command "${command}".\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const environment = await prepareProcess({
    // The commands that run the domain modules (seeding cases, audit verification, password links) need Redis.
    redis: ['seed:demo', 'audit:verify', 'password-link', 'create-coordinator'].includes(command) || flags.includes('--demo'),
    // These create the database or change its schema; the others need it migrated.
    database: ['db:create', 'migrate', 'migrate:revert', 'seed:large', 'prepare'].includes(command) ? 'may-not-exist' : 'migrated',
  });
  const seeds = command === 'seed:demo' || command === 'seed:large' || (command === 'prepare' && flags.includes('--demo'));
  if (seeds && environment.NODE_ENV === 'production' && !flags.includes('--force')) {
    console.error(`Refusing "${command}" with NODE_ENV=production: its accounts have public passwords. Add --force to do it anyway.`);
    process.exitCode = 1;
    return;
  }
  // Imported lazily so that `--help` and the dependency check work without loading the schema.
  const { default: dataSource } = await import('@app/migrations/data-source');

  switch (command) {
    case 'db:create':
      await createDatabase(environment.DATABASE_URL);
      return;
    case 'migrate':
      await createDatabase(environment.DATABASE_URL);
      await migrate(dataSource);
      return;
    case 'migrate:revert':
      await dataSource.initialize();
      await dataSource.undoLastMigration({ transaction: 'each' });
      await dataSource.destroy();
      return;
    case 'seed:demo':
      await seed(dataSource);
      return;
    case 'seed:large':
      await createDatabase(environment.DATABASE_URL);
      await migrate(dataSource);
      process.exitCode = await (await import('./large/seed-large-command')).seedLargeCommand(dataSource, flags);
      return;
    case 'audit:verify':
      process.exitCode = await verifyAudit();
      return;
    case 'password-link':
      process.exitCode = await printPasswordLink(flags[0]);
      return;
    case 'create-coordinator':
      process.exitCode = await createCoordinator(flags);
      return;
    case 'prepare':
      await createDatabase(environment.DATABASE_URL);
      await migrate(dataSource);
      if (flags.includes('--demo')) await seed(dataSource);
      return;
  }
}

async function createDatabase(url: string): Promise<void> {
  const created = await ensureDatabase(url);
  console.log(created ? `Created database "${databaseName(url)}".` : `Database "${databaseName(url)}" exists.`);
}

async function migrate(dataSource: import('typeorm').DataSource): Promise<void> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  console.log(applied.length ? `Applied migrations: ${applied.map((m) => m.name).join(', ')}` : 'Migrations are up to date.');
  await dataSource.destroy();
}

async function seed(dataSource: import('typeorm').DataSource): Promise<void> {
  const { seedDemoNetwork } = await import('./demo/seed-demo-network');
  if (!dataSource.isInitialized) await dataSource.initialize();
  const { logins, password } = await seedDemoNetwork(dataSource);
  await dataSource.destroy();
  const created = await withDomainContext(async (app) => (await import('./demo/seed-demo-cases')).seedDemoCases(app));
  console.log(created ? `Created ${created} demo cases with hand-offs in every state.` : 'Demo cases exist already.');
  console.log(`\nDemo data ready: ${logins.length} demo logins, all with the password "${password}". A few to start with:`);
  const byRole = (role: string) => logins.find((login) => login.roles.includes(role));
  for (const role of ['coordinator', 'org_admin', 'lead', 'counsellor']) {
    const login = byRole(role);
    if (login) console.log(`  ${role.padEnd(12)} ${login.email.padEnd(48)} (${login.organisation})`);
  }
  console.log('  (all demo logins: GET /api/v1/users as the coordinator)');
  console.log('The API is up once it logs "API listening"; try GET /api/v1/health/ready or the docs at /api/docs.\n');
}

/** The domain modules without HTTP, for commands that must go through the services' rules. */
async function withDomainContext<T>(work: (app: import('@nestjs/common').INestApplicationContext) => Promise<T>): Promise<T> {
  const { NestFactory } = await import('@nestjs/core');
  const { DemoCasesModule } = await import('./demo/demo-cases.module');
  const app = await NestFactory.createApplicationContext(DemoCasesModule, { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

async function verifyAudit(): Promise<number> {
  const { AuditService } = await import('@app/audit');
  const { entries, broken } = await withDomainContext((app) => app.get(AuditService).verify());
  if (broken.length === 0) {
    console.log(`Audit log intact: ${entries} entries verified.`);
    return 0;
  }
  console.error(`Audit log TAMPERED: ${broken.length} entr${broken.length === 1 ? 'y does' : 'ies do'} not verify (of ${entries}):`);
  for (const entry of broken) console.error(`  entry ${entry.id} (chain ${entry.chain}, #${entry.seq}): ${entry.problem}`);
  return 1;
}

async function printPasswordLink(email: string | undefined): Promise<number> {
  if (!email) {
    console.error('Usage: node dist/apps/cli/src/main.js password-link <email>');
    return 2;
  }
  const { PasswordLinksService } = await import('@app/counsellors');
  const link = await withDomainContext((app) => app.get(PasswordLinksService).issueForOperator(email));
  if (!link) {
    console.error(`No active account has the address ${email}.`);
    return 1;
  }
  // Printed for the operator to hand over, never logged; it works once.
  console.log(`${link.url}\n(works once, until ${link.expiresAt.toISOString()})`);
  return 0;
}

async function createCoordinator(flags: string[]): Promise<number> {
  const [email, ...words] = flags.filter((flag) => !flag.startsWith('--'));
  const displayName = flags.find((flag) => flag.startsWith('--name='))?.slice('--name='.length);
  if (!email || words.length === 0) {
    console.error('Usage: node dist/apps/cli/src/main.js create-coordinator <email> <organisation name> [--name=<display name>]');
    return 2;
  }
  const { AuditService } = await import('@app/audit');
  const { DataSource } = await import('typeorm');
  const { createFirstCoordinator } = await import('./bootstrap/create-coordinator');
  const result = await withDomainContext((app) =>
    createFirstCoordinator(app.get(DataSource), app.get(AuditService), { email, organisation: words.join(' '), displayName }),
  );
  if (!result.created) {
    console.error(result.reason);
    return 1;
  }
  console.log(`Created the network coordinator ${email.trim().toLowerCase()}.`);
  return printPasswordLink(email);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
