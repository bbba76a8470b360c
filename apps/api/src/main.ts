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
  try {
    await app.listen(environment.PORT, environment.HOST);
  } catch (error) {
    const problem = listenProblem(error, environment.HOST, environment.PORT);
    if (!problem) throw error;
    console.error(problem);
    await app.close();
    process.exit(1);
  }
  logger.info(`API listening on http://${environment.HOST}:${environment.PORT}/api/v1 (docs: /api/docs)`);
}

/** One line for the errors a newcomer meets when the port is not free, instead of a stack trace. */
function listenProblem(error: unknown, host: string, port: number): string | undefined {
  const problems: Record<string, string> = {
    EADDRINUSE: `Port ${port} on ${host} is in use (another API still running?). Stop that process or set PORT to a free port.`,
    EACCES: `Not allowed to listen on ${host}:${port} (ports below 1024 need privileges). Set PORT to 1024 or above.`,
    EADDRNOTAVAIL: `This machine has no address ${host}. Set HOST to one of its addresses (127.0.0.1, or 0.0.0.0 for all).`,
  };
  const code = (error as { code?: string }).code;
  return code ? problems[code] : undefined;
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
