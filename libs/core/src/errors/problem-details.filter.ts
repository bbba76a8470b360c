import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError, type FieldProblem } from './domain-error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldProblem[];
  errorId?: string;
}

interface ReplyLike {
  sent?: boolean;
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): unknown;
}

/**
 * A dependency that is down, unreachable or silent: the client may retry, so 503 with Retry-After,
 * never 500. "Query read timeout" is a query the database did not answer (a partition; its connection
 * is closed by BoundedClient); "Client was closed" is a query sent to such a connection afterwards
 * (e.g. the ROLLBACK of its transaction); "timeout expired" is node-postgres' own connect timeout.
 */
const CONNECTION_ERROR =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|timeout exceeded when trying to connect|timeout expired|Connection terminated|Query read timeout|Client was closed and is not queryable|the database system is (starting up|shutting down)|terminating connection|Client has encountered a connection error|Connection is closed|MaxRetriesPerRequestError|Stream isn't writeable/i;

/** Fastify's own errors (body parsing, limits) that arrive before a route handler runs. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; title: string; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'payload-too-large',
    title: 'Payload too large',
    detail: 'The request body is larger than the server accepts.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported-media-type',
    title: 'Unsupported media type',
    detail: 'Send the request body as application/json.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'validation-failed',
    title: 'Invalid input',
    detail: 'The request says it has a JSON body, but the body is empty.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'validation-failed',
    title: 'Invalid input',
    // Fastify gives this code also to valid JSON with a `__proto__` or `constructor.prototype` key.
    detail: 'The request body is not valid JSON, or it has a key named "__proto__" or "constructor", which is refused.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'validation-failed',
    title: 'Invalid input',
    detail: 'The Content-Length header does not match the body.',
  },
  // Raised by the router, before any route is chosen (FastifyAdapter's frameworkErrors).
  FST_ERR_BAD_URL: { status: 400, code: 'bad-url', title: 'Bad request', detail: 'The URL is not valid (e.g. a broken %-encoding).' },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'uri-too-long',
    title: 'URI too long',
    detail: 'A part of the path is longer than any id or code this API uses.',
  },
};

export function problem(status: number, code: string, title: string, detail: string, errors?: FieldProblem[]): ProblemDetails {
  return { type: `/problems/${code}`, title, status, detail, ...(errors?.length ? { errors } : {}) };
}

/** Maps any error to an RFC 9457 problem; never exposes stack traces or SQL. */
export function toProblem(error: unknown): { body: ProblemDetails; headers: Record<string, string>; unexpected: boolean } {
  if (error instanceof DomainError) {
    return {
      body: problem(error.status, error.code, error.title, error.detail, error.errors),
      headers: error.headers ?? {},
      unexpected: false,
    };
  }
  // Nest hands Fastify's own errors (body too large, malformed JSON) over wrapped in an HttpException.
  const fastifyError = error instanceof HttpException && error.cause ? error.cause : error;
  const fastifyCode = (fastifyError as { code?: string })?.code;
  if (fastifyCode && FASTIFY_ERRORS[fastifyCode]) {
    const known = FASTIFY_ERRORS[fastifyCode];
    return { body: problem(known.status, known.code, known.title, known.detail), headers: {}, unexpected: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const detail = Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
    const title = HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'error';
    const code = status === 404 ? 'not-found' : title.replace(/ /g, '-');
    return {
      body: problem(status, code, title.charAt(0).toUpperCase() + title.slice(1), status === 404 ? 'No such route or resource.' : detail),
      headers: {},
      unexpected: false,
    };
  }
  const statusCode = (error as { statusCode?: number })?.statusCode;
  if (error instanceof SyntaxError && statusCode === 400) {
    return {
      body: problem(400, 'validation-failed', 'Invalid input', 'The request body is not valid JSON.'),
      headers: {},
      unexpected: false,
    };
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return {
      body: problem(statusCode, 'bad-request', 'Bad request', 'The request could not be processed.'),
      headers: {},
      unexpected: false,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (
    CONNECTION_ERROR.test(message) ||
    // 08: connection exceptions; 57P: the server shutting down; 57014: cancelled by statement_timeout.
    (error instanceof QueryFailedError && /^(08|57P|57014$)/.test(String((error as { code?: string }).code)))
  ) {
    return {
      body: problem(
        503,
        'dependency-unavailable',
        'Service unavailable',
        'A service this request needs (database or cache) is not reachable right now; try again shortly.',
      ),
      headers: { 'Retry-After': '5' },
      unexpected: false,
    };
  }
  if (error instanceof QueryFailedError && (error as { code?: string }).code === '23505') {
    return {
      body: problem(409, 'duplicate', 'Conflict', 'Something with the same unique value already exists.'),
      headers: {},
      unexpected: false,
    };
  }
  if (error instanceof QueryFailedError && ['40001', '40P01'].includes(String((error as { code?: string }).code))) {
    return {
      body: problem(409, 'concurrent-update', 'Conflict', 'Another change raced this one; reload and try again.'),
      headers: {},
      unexpected: false,
    };
  }
  return {
    body: problem(500, 'internal-error', 'Internal error', 'Something went wrong on our side. Quote the error id when reporting it.'),
    headers: {},
    unexpected: true,
  };
}

export function sendProblem(reply: ReplyLike, error: unknown, logger: Pick<Logger, 'error'>): void {
  const { body, headers, unexpected } = toProblem(error);
  if (unexpected) {
    body.errorId = randomUUID();
    // The message and stack stay in the log (never in the response); SQL parameters are not logged.
    logger.error(
      {
        errorId: body.errorId,
        err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
      },
      'unexpected error',
    );
  }
  if (reply.sent) return;
  reply.status(body.status);
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  reply.header('Content-Type', PROBLEM_CONTENT_TYPE);
  reply.header('Cache-Control', 'no-store');
  reply.send(body);
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    sendProblem(host.switchToHttp().getResponse<ReplyLike>(), error, this.logger);
  }
}
