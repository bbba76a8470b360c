import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, createRedisClient, evictionPolicyProblem, PinoNestLogger, prepareProcess } from '@app/core';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const environment = await prepareProcess();
  const redis = createRedisClient(environment, { keyPrefix: false });
  const eviction = await evictionPolicyProblem(redis).finally(() => redis.disconnect());
  if (eviction) {
    console.error(eviction);
    process.exit(1);
  }
  const logger = createLogger(environment, 'worker');
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
