import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, createRedisClient, evictionPolicyProblem, PinoNestLogger, prepareProcess, type Environment } from '@app/core';
import { WorkerModule } from './worker.module';

/** At least one connection per concurrent delivery (each holds one for its transaction), plus the poll loop and maintenance. */
function workerPoolSize(environment: Environment): number {
  return Math.max(environment.DATABASE_POOL_SIZE, environment.WORKER_CONCURRENCY + 3);
}

async function bootstrap(): Promise<void> {
  const environment = await prepareProcess();
  const redis = createRedisClient(environment, { keyPrefix: false });
  const eviction = await evictionPolicyProblem(redis).finally(() => redis.disconnect());
  if (eviction) {
    console.error(eviction);
    process.exit(1);
  }
  const logger = createLogger(environment, 'worker');
  // A smaller pool would make deliveries queue for connections; derived before the pool is created.
  const poolSize = workerPoolSize(environment);
  if (poolSize > environment.DATABASE_POOL_SIZE) {
    logger.info(
      `DATABASE_POOL_SIZE raised from ${environment.DATABASE_POOL_SIZE} to ${poolSize} for WORKER_CONCURRENCY=${environment.WORKER_CONCURRENCY}.`,
    );
    environment.DATABASE_POOL_SIZE = poolSize;
  }
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: new PinoNestLogger(logger) });
  // SIGTERM/SIGINT: Nest closes the module tree; BullMQ workers finish their current job first.
  app.enableShutdownHooks();
  await app.init();
  logger.info('Worker ready (Postgres and Redis connected).');
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
