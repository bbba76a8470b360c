import { Global, Module } from '@nestjs/common';
import { Clock } from './clock/clock';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthService } from './health/health.service';
import { RedisModule } from './redis/redis.module';

/** What every app needs: validated configuration, the database, Redis and the clock. */
@Global()
@Module({
  imports: [ConfigModule, DatabaseModule, RedisModule],
  providers: [Clock, HealthService],
  exports: [ConfigModule, RedisModule, Clock, HealthService],
})
export class CoreModule {}
