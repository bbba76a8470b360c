import { randomBytes } from 'node:crypto';
import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { Clock, createLogger, loadEnvironment, resetEnvironmentCache, type Environment } from '@app/core';
import { PasswordHasher, type Role } from '@app/counsellors';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp, createAdapter, NEST_APPLICATION_OPTIONS } from '../../apps/api/src/configure-app';
import { cloneTemplate, databaseName, dropDatabase, TEST_REDIS_URL } from './test-database';

export const TEST_PASSWORD = 'correct horse battery staple';
const ORIGINAL_ENV = { ...process.env };

export interface TestUser {
  id: string;
  organisationId: string;
  email: string;
  roles: Role[];
  token: string;
}

/**
 * The real API over real HTTP, on a fresh database cloned from the migrated template and a Redis
 * key prefix of its own, so test files never see each other's data.
 */
export class TestApp {
  readonly http: TestAgent;
  private userCount = 0;
  private passwordHash?: string;

  private constructor(
    readonly app: NestFastifyApplication,
    readonly dataSource: DataSource,
    readonly environment: Environment,
    private readonly databaseUrl: string,
  ) {
    this.http = request(app.getHttpServer());
  }

  /** `logger` replaces the API's own (to read what it logs). */
  static async start(overrides: Record<string, string> = {}, options: { clock?: Clock; logger?: Logger } = {}): Promise<TestApp> {
    const suffix = randomBytes(5).toString('hex');
    const databaseUrl = await cloneTemplate(`cc_test_${suffix}`);
    // Every app starts from the environment the test process began with, plus its own overrides.
    process.env = { ...ORIGINAL_ENV };
    Object.assign(process.env, {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `cctest-${suffix}`,
      LOG_LEVEL: 'silent',
      DATABASE_POOL_SIZE: '5',
      ...overrides,
    });
    resetEnvironmentCache();
    const environment = loadEnvironment();
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(Clock)
      .useValue(options.clock ?? new Clock())
      .compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(environment), {
      ...NEST_APPLICATION_OPTIONS,
      logger: false,
      bufferLogs: false,
    });
    await configureApp(app, environment, options.logger ?? createLogger(environment, 'api-test'));
    await app.listen(0, '127.0.0.1');
    return new TestApp(app, app.get<DataSource>(getDataSourceToken()), environment, databaseUrl);
  }

  async stop(): Promise<void> {
    await this.app.close();
    const redis = new Redis(this.environment.REDIS_URL);
    const keys = await redis.keys(`${this.environment.REDIS_KEY_PREFIX}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await dropDatabase(this.databaseUrl);
  }

  get databaseName(): string {
    return databaseName(this.databaseUrl);
  }

  /** Inserts an organisation directly (fixtures do not go through the API under test). */
  async createOrganisation(overrides: Record<string, unknown> = {}): Promise<string> {
    const [row] = await this.dataSource.query(
      `INSERT INTO organisations (kind, name, description, districts, languages, accepts_referrals, response_sla_working_days, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        overrides.kind ?? 'ngo',
        overrides.name ?? `Testverein ${randomBytes(3).toString('hex')} e.V.`,
        overrides.description ?? 'Beratung für Geflüchtete',
        overrides.districts ?? ['mitte'],
        overrides.languages ?? ['de', 'ar'],
        overrides.acceptsReferrals ?? true,
        overrides.responseSlaWorkingDays ?? 3,
        overrides.active ?? true,
      ],
    );
    return row.id as string;
  }

  /** Inserts a user with the shared test password and signs them in. */
  async createUser(organisationId: string, roles: Role[], options: { active?: boolean; email?: string } = {}): Promise<TestUser> {
    this.passwordHash ??= await new PasswordHasher().hash(TEST_PASSWORD);
    const email = options.email ?? `user${++this.userCount}.${randomBytes(3).toString('hex')}@test.example`;
    const [row] = await this.dataSource.query(
      `INSERT INTO users (organisation_id, email, display_name, password_hash, roles, active) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [organisationId, email, `Test ${roles.join('+')} ${this.userCount}`, this.passwordHash, roles, options.active ?? true],
    );
    const token = options.active === false ? '' : (await this.login(email)).accessToken;
    return { id: row.id as string, organisationId, email, roles, token };
  }

  async login(email: string, password = TEST_PASSWORD): Promise<{ accessToken: string; refreshToken: string }> {
    const response = await this.http.post('/api/v1/auth/login').send({ email, password });
    if (response.status !== 200) throw new Error(`login of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
}

export const bearer = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });

/** Every timestamp the API answers with: ISO 8601 in UTC, to the millisecond. */
export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
