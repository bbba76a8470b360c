import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from './clock/clock';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthService } from './health/health.service';
import { IdempotencyKey } from './idempotency/idempotency-key.entity';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { RedisModule } from './redis/redis.module';

/** What every app needs: validated configuration, the database, Redis and the clock. */
@Global()
@Module({
  imports: [ConfigModule, DatabaseModule, RedisModule, TypeOrmModule.forFeature([IdempotencyKey])],
  providers: [Clock, HealthService, IdempotencyInterceptor],
  exports: [ConfigModule, RedisModule, Clock, HealthService, IdempotencyInterceptor],
})
export class CoreModule {}
