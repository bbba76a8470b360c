import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Logger as NestLogger, type INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { errorCodes, type FastifyReply, type FastifyRequest } from 'fastify';
import { parse as parseQuerystring } from 'fast-querystring';
import type { Logger } from 'pino';
import type { Actor } from '@app/auth';
import {
  assertBodyDepth,
  createValidationPipe,
  ProblemDetailsFilter,
  sendProblem,
  trustedProxies,
  UndeclaredInputGuard,
  UnreadableBody,
  type Environment,
} from '@app/core';
import { withProblemResponses } from './openapi';
import { API_HEADERS, documentHeaders } from './security-headers';

export const API_PREFIX = 'api/v1';
const DOCS_PATH = '/api/docs';
/** The OpenAPI UI's HTML page and its assets (not the JSON document). */
const DOCS_PAGE = new RegExp(`^${DOCS_PATH}(/|\\?|$)`);
const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;
const FRAMEWORK_ERROR_LOGGER = new NestLogger('Problem');

/**
 * Options of the Nest application around createAdapter's Fastify. Nest would add parsers for
 * `application/x-www-form-urlencoded` bodies (and Fastify has one for `text/plain`): the API takes
 * JSON only, as its OpenAPI document says, so any other non-empty body is refused with 415
 * (configureApp), and Fastify's own JSON parser reads the body.
 */
export const NEST_APPLICATION_OPTIONS = { bodyParser: false } as const;

export function createAdapter(environment: Environment): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: environment.BODY_LIMIT_BYTES,
    trustProxy: trustedProxies(environment),
    logger: false,
    // A well-formed X-Request-Id from a proxy is kept, so one id follows a request across services.
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Fastify's own parser, but an empty parameter is one not given: an HTML form sends every field,
    // the empty ones as `name=`; every route and DTO then sees only what was filled in.
    routerOptions: { querystringParser: (text: string) => withoutEmptyParameters(parseQuerystring(text)) },
    // The router's own refusals (a path part over 100 characters, a broken URL) are problem+json
    // with the usual headers too (no route's hooks run for them), instead of Fastify's bare JSON.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      reply.headers(API_HEADERS).header('x-request-id', request.id);
      sendProblem(reply, error, FRAMEWORK_ERROR_LOGGER);
    },
  });
}

function withoutEmptyParameters(query: Record<string, unknown>): Record<string, unknown> {
  for (const [name, value] of Object.entries(query)) if (value === '') delete query[name];
  return query;
}

/** Everything main.ts and the e2e tests share: prefix, pipes, errors, headers, logs, CORS, OpenAPI. */
export async function configureApp(app: NestFastifyApplication, environment: Environment, logger: Logger): Promise<void> {
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  // After the access guard (an APP_GUARD, registered when the app was created): 401 comes before 400.
  app.useGlobalGuards(new UndeclaredInputGuard());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();

  // Fastify's own errors (body too large) reach the same filter through Nest's error handler, so
  // they are problem+json too. A body it read but could not take (malformed JSON, too deep, another
  // type) is handed on as an UnreadableBody and refused after the access guard: 401 comes first.
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify's JSON parser (which refuses `__proto__` keys), then a bound on nesting.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['text/plain', 'application/json']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    parseJson(request, body as string, (error, parsed) => {
      if (error) return done(null, new UnreadableBody(error));
      try {
        assertBodyDepth(parsed);
      } catch (tooDeep) {
        return done(null, new UnreadableBody(tooDeep as Error));
      }
      done(null, parsed);
    }),
  );
  // Any other type: an empty body (a bodiless POST from a form, a beacon) is no body; anything else 415.
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) =>
    done(
      null,
      body === '' ? undefined : new UnreadableBody(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type'])),
    ),
  );
  const documents = documentHeaders();
  fastify.addHook('onSend', (request, reply, payload, done) => {
    reply.headers(DOCS_PAGE.test(request.url) ? documents : API_HEADERS);
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
  // One access-log line per request: who, what, when (UTC), from where. No query string or body:
  // they may carry free text. With no headers, body or token in it there is nothing to redact, so
  // the line skips pino's redaction (about 5 µs a line, measured).
  const accessLog = logger.child({}, { redact: [] });
  fastify.addHook('onResponse', (request, reply, done) => {
    done();
    if (request.url.startsWith(`/${API_PREFIX}/health`)) return;
    const actor = (request as unknown as { user?: Actor }).user;
    accessLog.info(
      {
        reqId: request.id,
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        ip: request.ip,
        userId: actor?.userId,
        organisationId: actor?.organisationId,
      },
      'request',
    );
  });

  const origins = environment.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length > 0) app.enableCors({ origin: origins, credentials: false, maxAge: 600 });

  const document = withProblemResponses(
    SwaggerModule.createDocument(
      app as unknown as INestApplication,
      new DocumentBuilder()
        .setTitle('Leipzig counselling network: case coordination API')
        .setDescription(
          "Anonymised cases, hand-offs between the network's organisations, and the public service directory. Errors are application/problem+json (RFC 9457).",
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
    ),
  );
  SwaggerModule.setup(DOCS_PATH.slice(1), app as unknown as INestApplication, document, { jsonDocumentUrl: `${DOCS_PATH.slice(1)}-json` });
}
