import helmet from '@fastify/helmet';
import { Logger as NestLogger, type INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { createValidationPipe, ProblemDetailsFilter, sendProblem, type Environment } from '@app/core';

export const API_PREFIX = 'api/v1';

export function createAdapter(environment: Environment): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: environment.BODY_LIMIT_BYTES,
    trustProxy: environment.TRUST_PROXY,
    // Request ids and access logs come from pino-http (nestjs-pino).
    logger: false,
    disableRequestLogging: true,
  });
}

/** Everything main.ts and the e2e tests share: prefix, pipes, errors, headers, CORS, OpenAPI. */
export async function configureApp(app: NestFastifyApplication, environment: Environment): Promise<void> {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  // Errors raised by Fastify itself (body too large, malformed JSON) become problem+json too.
  const logger = new NestLogger('Http');
  fastify.setErrorHandler((error, _request, reply) => sendProblem(reply, error, logger));
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] } },
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    // Responses may carry case data: never cache them anywhere.
    if (request.url.startsWith(`/${API_PREFIX}`)) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  const origins = environment.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  if (origins.length > 0) app.enableCors({ origin: origins, credentials: false, maxAge: 600 });

  const document = SwaggerModule.createDocument(
    app as unknown as INestApplication,
    new DocumentBuilder()
      .setTitle('Leipzig counselling network: case coordination API')
      .setDescription('Anonymised cases, hand-offs between the network\'s organisations, and the public service directory. Errors are application/problem+json (RFC 9457).')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app as unknown as INestApplication, document, { jsonDocumentUrl: 'api/docs-json' });
}
