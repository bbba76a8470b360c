import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '@app/migrations';
import { InjectRedis } from '../redis/redis.module';

export type DependencyState = 'up' | 'down' | 'migrations-pending';

export interface Readiness {
  ready: boolean;
  checks: { database: DependencyState; redis: DependencyState };
}

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

/** Readiness: the database and Redis answer, and every migration this build knows is applied. */
@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  async readiness(): Promise<Readiness> {
    const [database, redis] = await Promise.all([this.database(), this.redisState()]);
    return { ready: database === 'up' && redis === 'up', checks: { database, redis } };
  }

  private async database(): Promise<DependencyState> {
    try {
      const rows: { name: string }[] = await withTimeout(this.dataSource.query('SELECT name FROM schema_migrations'), 2000);
      const applied = new Set(rows.map((row) => row.name));
      return MIGRATIONS.every((migration) => applied.has(migration.name)) ? 'up' : 'migrations-pending';
    } catch {
      return 'down';
    }
  }

  private async redisState(): Promise<DependencyState> {
    try {
      return (await withTimeout(this.redis.ping(), 2000)) === 'PONG' ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }
}
