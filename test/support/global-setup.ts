// Relative imports: jest loads this file outside its module registry, where the @app/* aliases
// (moduleNameMapper) do not apply.
/* eslint-disable no-restricted-imports */
import type { Environment } from '../../libs/core/src/config/environment';
import { unreachableDependencies } from '../../libs/core/src/health/dependency-check';
/* eslint-enable no-restricted-imports */
import { TEST_REDIS_URL, TEST_SERVER_URL } from './test-services';

/**
 * Before any test file: when Postgres or Redis does not answer, one line each naming the address
 * and how to start it, and the run ends there, instead of every end-to-end file failing with a
 * stack trace of its own.
 */
export default async function checkServices(): Promise<void> {
  const problems = await unreachableDependencies({ DATABASE_URL: TEST_SERVER_URL, REDIS_URL: TEST_REDIS_URL } as Environment);
  if (problems.length === 0) return;
  console.error(`\n${problems.join('\n')}`);
  process.exit(1);
}
