import { ConfigurationError, loadEnvironment, readDotEnv, type Environment } from '../config/environment';
import { unreachableDependencies } from './dependency-check';

/**
 * What every entry point does first: read `.env` if present, validate the environment, and make
 * sure Postgres (and Redis) answer. Problems end the process with one line each, no stack trace.
 */
export async function prepareProcess(options: { redis?: boolean } = {}): Promise<Environment> {
  readDotEnv();
  let environment: Environment;
  try {
    environment = loadEnvironment();
  } catch (error) {
    if (error instanceof ConfigurationError) exitWith([error.message]);
    throw error;
  }
  const problems = await unreachableDependencies(environment, options);
  if (problems.length) exitWith(problems);
  return environment;
}

function exitWith(lines: string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}
