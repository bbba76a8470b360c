import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import {
  ConfigurationError,
  createLogger,
  createRedisClient,
  evictionPolicyProblem,
  loadEnvironment,
  PinoNestLogger,
  unreachableDependencies,
} from '@app/core';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const environment = loadEnvironment();
  const problems = await unreachableDependencies(environment);
  if (problems.length) {
    for (const problem of problems) console.error(problem);
    process.exit(1);
  }
  const redis = createRedisClient(environment, { keyPrefix: false });
  const eviction = await evictionPolicyProblem(redis).finally(() => redis.disconnect());
  if (eviction) {
    console.error(eviction);
    process.exit(1);
  }
  const logger = createLogger(environment, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: new PinoNestLogger(logger) });
  // SIGTERM/SIGINT: Nest closes the module tree, BullMQ workers finish their current job first.
  app.enableShutdownHooks();
  await app.init();
  logger.info('Worker ready (Postgres and Redis connected).');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
