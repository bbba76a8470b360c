export { Clock } from './clock/clock';
export { ConfigModule } from './config/config.module';
export {
  ConfigurationError,
  Environment,
  loadEnvironment,
  readDotEnv,
  resetEnvironmentCache,
  trustedProxies,
  validateEnvironment,
} from './config/environment';
export { CoreModule } from './core.module';
export { dataSourceOptions } from './database/data-source-options';
export { databaseName, dropDatabase, ensureDatabase, maintenanceUrl } from './database/ensure-database';
export { SnakeNamingStrategy } from './database/snake-naming.strategy';
export { TimestampedEntity } from './database/timestamps';
export {
  BusinessRuleViolated,
  Conflict,
  DependencyUnavailable,
  DomainError,
  Forbidden,
  NotFound,
  TooManyRequests,
  Unauthenticated,
  ValidationFailed,
  type FieldProblem,
} from './errors/domain-error';
export {
  PROBLEM_CONTENT_TYPE,
  ProblemDetailsFilter,
  problem,
  sendProblem,
  toProblem,
  type ProblemDetails,
} from './errors/problem-details.filter';
export { assertBodyDepth, createValidationPipe } from './errors/validation';
export { UndeclaredInputGuard } from './validation/undeclared-input.guard';
export { UnreadableBody } from './validation/unreadable-body';
export { unreachableDependencies } from './health/dependency-check';
export { HealthService, type Readiness } from './health/health.service';
export { createLogger, PinoNestLogger, REDACTED_PATHS } from './logging/logger';
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  PageQuery,
  decodeCursor,
  encodeCursor,
  pageSize,
  toPage,
  type CursorPart,
  type CursorPosition,
  type Page,
} from './pagination/pagination';
export { passwordLinkId, passwordLinkToken, passwordLinkUrl } from './password-links/password-link-token';
export { InjectRedis, REDIS, createRedisClient } from './redis/redis.module';
export {
  Code,
  CodeList,
  DATE_TIME_WITH_ZONE,
  Optional,
  REFERENCE_CODE,
  Text,
  WindowBound,
  windowInstant,
} from './validation/field-decorators';
export { idParam } from './validation/id-param';
export { bullConnection, evictionPolicyProblem } from './queue/queue-connection';
export {
  addCalendarDays,
  addSaxonyWorkingDays,
  berlinDate,
  berlinInstant,
  berlinMonth,
  berlinMonthStart,
  BUSINESS_TIME_ZONE,
  isoWeekOf,
  isSaxonyWorkingDay,
  responseDueAt,
  saxonyHolidayName,
  workingDaysBetween,
} from './calendar/saxony-working-days';
export type { IsoWeek } from './calendar/saxony-working-days';
export type { JsonObject, JsonValue } from './database/json';
export { IdempotencyKey } from './idempotency/idempotency-key.entity';
export {
  Idempotent,
  IdempotencyInterceptor,
  idempotencyFingerprint,
  idempotencyFingerprintKey,
} from './idempotency/idempotency.interceptor';
export { answerOnCommit } from './idempotency/idempotency-claim';
export { IDEMPOTENCY_KEY_TTL_MS, purgeExpiredIdempotencyKeys } from './idempotency/idempotency-purge';
export { affectedRows, camelCaseRow, isoTimestamp, propertyColumns, returnedRows, type PlainRow } from './database/rows';
export { runWrites, type SqlWrite } from './database/sql-writes';
export { deleteInBatches } from './database/delete-in-batches';
export { closedCaseRetentionCutoff } from './config/retention';
export { preparedStatement } from './database/prepared-statements';
export { databaseSchemaProblem, prepareProcess } from './health/startup';
