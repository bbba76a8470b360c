import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigurationError, createLogger, loadEnvironment, PinoNestLogger, unreachableDependencies } from '@app/core';
import { AppModule } from './app.module';
import { configureApp, createAdapter } from './configure-app';

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const environment = loadEnvironment();
  const problems = await unreachableDependencies(environment);
  if (problems.length) {
    for (const problem of problems) console.error(problem);
    process.exit(1);
  }
  const logger = createLogger(environment, 'api');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createAdapter(environment), {
    logger: new PinoNestLogger(logger),
  });
  await configureApp(app, environment, logger);
  await app.listen(environment.PORT, environment.HOST);
  logger.info(`API listening on http://${environment.HOST}:${environment.PORT}/api/v1 (docs: /api/docs)`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
