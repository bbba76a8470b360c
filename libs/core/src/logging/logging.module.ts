import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { Environment } from '../config/environment';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

/** Paths pino blanks out wherever they appear: secrets never reach the log. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
];

/** Set by the auth guard on the raw request so that access logs say who acted. */
export interface LoggedActor {
  actor?: { userId: string; organisationId: string };
}

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [Environment],
      useFactory: (environment: Environment) => ({
        pinoHttp: {
          level: environment.LOG_LEVEL,
          // UTC ISO timestamps: who did what, when.
          timestamp: () => `,"time":"${new Date().toISOString()}"`,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          genReqId: (req: IncomingMessage) => {
            const given = req.headers['x-request-id'];
            return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
          },
          customProps: (req: IncomingMessage) => ({ actor: (req as IncomingMessage & LoggedActor).actor }),
          serializers: {
            // Only method, path (without query string: it may carry search text) and address.
            req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
              id: req.id,
              method: req.method,
              path: req.url?.split('?')[0],
              remoteAddress: req.remoteAddress,
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/api/v1/health') ?? false },
          transport: environment.LOG_PRETTY ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
        },
      }),
    }),
  ],
})
export class LoggingModule {}
