import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  validateSync,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { decisiveMessages } from '../errors/validation';

const DEVELOPMENT_JWT_SECRET = 'development-only-secret-change-me-0123456789abcdef';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** An IP address, or a network in CIDR notation. */
function isAddressOrNetwork(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

/** TRUST_PROXY: `false`, a number of proxies from 1 to 9, or proxy addresses (comma-separated, CIDR allowed). */
@ValidatorConstraint({ name: 'trustedProxies' })
class TrustedProxiesRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const trimmed = value.trim();
    return trimmed === 'false' || /^[1-9]$/.test(trimmed) || trimmed.split(',').every((entry) => isAddressOrNetwork(entry.trim()));
  }
  defaultMessage(): string {
    return 'must be false, the number of proxies in front of the API (1 to 9), or their addresses (comma-separated, CIDR allowed)';
  }
}

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

/**
 * Every setting the apps read from the environment, with local defaults that work on a
 * developer machine (Postgres and Redis on 127.0.0.1). Documented in `.env.example`.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsString()
  HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Base URL of the public web front end, used in links sent by e-mail. */
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/case_coordination';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  DATABASE_CONNECT_TIMEOUT_MS = 3000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  DATABASE_STATEMENT_TIMEOUT_MS = 15000;

  /**
   * A query with no answer for this long (a partition, a hung server) fails with 503 and its connection
   * is closed. Default: DATABASE_STATEMENT_TIMEOUT_MS + 1000, so the server's own timeout comes first.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DATABASE_QUERY_TIMEOUT_MS?: number = undefined;

  /**
   * Postgres's max_parallel_workers_per_gather for our sessions. 0: the dashboards' aggregates ran
   * 2-6 times slower with parallel workers on a 2-core server, where requests already fill the cores.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(64)
  DATABASE_PARALLEL_WORKERS = 0;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key (rate limits, BullMQ queues); lets several deployments or test runs share one Redis. */
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be 1-40 letters, digits, "-" or "_" (no ":")' })
  REDIS_KEY_PREFIX = 'cc';

  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters of random data' })
  JWT_SECRET = DEVELOPMENT_JWT_SECRET;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /** A refresh token unused for this long expires. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REFRESH_TOKEN_IDLE_DAYS = 7;

  /** A sign-in session ends this long after login, however often it is refreshed. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REFRESH_TOKEN_ABSOLUTE_DAYS = 30;

  /** Failed logins for one account within the window before it is locked for LOGIN_LOCKOUT_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  /** Failed logins from one network address within the window before that address is refused. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ADDRESS = 50;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_FAILURE_WINDOW_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  LOGIN_LOCKOUT_SECONDS = 300;

  /** Requests per minute and address, one counter for the auth routes (login, refresh, password forgot/set, /me/password). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_PER_MINUTE = 60;

  /** Working days after a hand-off's response due date before it expires unanswered. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  HANDOFF_EXPIRY_GRACE_WORKING_DAYS = 5;

  /** Days after acceptance before the assignee is asked to record the hand-off's outcome. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  HANDOFF_OUTCOME_FOLLOW_UP_DAYS = 14;

  /** How often each worker looks for reminders and e-mails coming due (and for a Redis that lost its data). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60000)
  WORKER_POLL_INTERVAL_MS = 1000;

  /** Reminders due within this window are handed to BullMQ as delayed jobs; later ones wait in Postgres. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  REMINDER_HORIZON_MS = 600000;

  /** Jobs one worker process runs at once per queue. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  WORKER_CONCURRENCY = 20;

  /** How long a job's lock lasts before BullMQ presumes its worker dead and runs it again elsewhere. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  WORKER_LOCK_DURATION_MS = 30000;

  /** Local time (Europe/Berlin, HH:MM) of the leads' daily digest on Saxony working days. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time HH:MM' })
  DIGEST_TIME = '07:30';

  /** Closed cases are deleted this many days after closing; aggregate statistics stay. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RETENTION_DAYS = 730;

  /** SMTP server for e-mail, e.g. smtp://user:pass@mail.example:587; empty: in-app notifications only. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string = undefined;

  @IsString()
  SMTP_FROM = 'Beratungsnetzwerk Leipzig <no-reply@beratungsnetzwerk.invalid>';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 102400;

  /** Comma-separated origins allowed by CORS; empty means CORS stays closed. */
  @IsString()
  CORS_ORIGINS = '';

  /**
   * Which X-Forwarded-For hops to believe (the caller's address counts for sign-in limits and the
   * audit log): `false`, the number of reverse proxies in front of the API, or their addresses
   * (comma-separated, CIDR allowed). Not `true`: that would believe whatever a client writes there.
   */
  @Validate(TrustedProxiesRule)
  TRUST_PROXY = 'false';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  LOG_PRETTY?: boolean = undefined;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses and validates the environment; throws one line per wrong value. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const known = Object.keys(new Environment());
  const relevant = Object.fromEntries(Object.entries(raw).filter(([key, value]) => known.includes(key) && value !== ''));
  const environment = plainToInstance(Environment, relevant);
  const problems = validateSync(environment, { skipMissingProperties: false }).map(
    (error) => `${error.property}=${JSON.stringify(raw[error.property] ?? '')}: ${decisiveMessages(error).join('; ')}`,
  );
  // The development secret is public: anyone who reaches the API could sign tokens with it.
  if (environment.JWT_SECRET === DEVELOPMENT_JWT_SECRET) {
    const reachable = reachableBeyondThisMachine(environment);
    if (environment.NODE_ENV === 'production') problems.push('JWT_SECRET: must be set to a random secret in production');
    else if (environment.NODE_ENV !== 'test' && reachable) {
      problems.push(`JWT_SECRET: must be set to a random secret when the API is reachable beyond this machine (${reachable})`);
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return environment;
}

/** Why the API would be reachable from other machines, if it would: where it listens, a proxy in front, its public address. */
function reachableBeyondThisMachine(environment: Environment): string | undefined {
  if (!LOOPBACK_HOSTS.has(environment.HOST)) return `HOST=${environment.HOST}`;
  if (environment.TRUST_PROXY.trim() !== 'false') return `TRUST_PROXY=${environment.TRUST_PROXY}`;
  const publicHost = new URL(environment.PUBLIC_BASE_URL).hostname.replace(/^\[|\]$/g, '');
  if (!LOOPBACK_HOSTS.has(publicHost)) return `PUBLIC_BASE_URL=${environment.PUBLIC_BASE_URL}`;
  return undefined;
}

/**
 * TRUST_PROXY as Fastify's `trustProxy` takes it: false, a list of addresses, or, for a number of
 * proxies, a test that trusts that many hops counted from the API's side (hop 0 is the socket's peer).
 */
export function trustedProxies(
  environment: Pick<Environment, 'TRUST_PROXY'>,
): false | string | ((address: string, hop: number) => boolean) {
  const value = environment.TRUST_PROXY.trim();
  if (value === 'false') return false;
  if (!/^\d+$/.test(value)) return value;
  const proxies = Number(value);
  return (_address, hop) => hop < proxies;
}

let cached: Environment | undefined;

/** Reads `.env` of the working directory into process.env, if there is one (set variables win). */
export function readDotEnv(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
}

/** The validated environment of this process (read once). */
export function loadEnvironment(): Environment {
  cached ??= validateEnvironment(process.env);
  return cached;
}

/** Forget the cached environment (tests change process.env between apps). */
export function resetEnvironmentCache(): void {
  cached = undefined;
}
