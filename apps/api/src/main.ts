import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, PinoNestLogger, prepareProcess } from '@app/core';
import { AppModule } from './app.module';
import { configureApp, createAdapter, NEST_APPLICATION_OPTIONS } from './configure-app';

async function bootstrap(): Promise<void> {
  const environment = await prepareProcess();
  const logger = createLogger(environment, 'api');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createAdapter(environment), {
    ...NEST_APPLICATION_OPTIONS,
    logger: new PinoNestLogger(logger),
  });
  await configureApp(app, environment, logger);
  await app.listen(environment.PORT, environment.HOST);
  logger.info(`API listening on http://${environment.HOST}:${environment.PORT}/api/v1 (docs: /api/docs)`);
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
