import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The compiled tree the drills run from: `swc drills -d dist` puts this file at
 * dist/drills/support/paths.js, beside the product's dist/apps and dist/libs (`npm run build`).
 */
export const DIST_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const API_MAIN = resolve(DIST_ROOT, 'apps/api/src/main.js');
export const WORKER_MAIN = resolve(DIST_ROOT, 'apps/worker/src/main.js');
export const CLI_MAIN = resolve(DIST_ROOT, 'apps/cli/src/main.js');
export const CPU_PROFILE_HOOK = resolve(DIST_ROOT, 'drills/support/cpu-profile-hook.js');

/** The Postgres server of this machine (trust auth for `postgres`), without a database name. */
export const POSTGRES_SERVER = (process.env.DRILL_POSTGRES_SERVER ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/$/, '');

export const databaseUrl = (name: string) => `${POSTGRES_SERVER}/${name}`;

/** The machine's Postgres cluster version (`ls /etc/postgresql`), as the env notes start it. */
export function postgresVersion(): string {
  const versions = readdirSync('/etc/postgresql');
  if (versions.length !== 1) throw new Error(`expected one Postgres version in /etc/postgresql, found: ${versions.join(', ') || 'none'}`);
  return versions[0];
}
