import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { InjectRedis } from '../redis/redis.module';
import { pendingMigrations } from './pending-migrations';

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
      const pending = await withTimeout(
        pendingMigrations((sql) => this.dataSource.query(sql)),
        2000,
      );
      return pending.length === 0 ? 'up' : 'migrations-pending';
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
