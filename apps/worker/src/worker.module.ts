import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { bullConnection, CoreModule, Environment } from '@app/core';

/**
 * The BullMQ worker process: no HTTP server, domain modules only. Queues and their processors
 * (reminders, retention) register here; processors call domain services.
 */
@Module({
  imports: [
    CoreModule,
    BullModule.forRootAsync({ inject: [Environment], useFactory: (environment: Environment) => bullConnection(environment) }),
  ],
})
export class WorkerModule {}
