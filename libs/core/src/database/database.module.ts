import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Environment } from '../config/environment';
import { dataSourceOptions } from './data-source-options';

/**
 * The data source of the apps. Entities register themselves through `TypeOrmModule.forFeature`
 * in their domain modules; migrations are applied by the CLI, never at boot.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [Environment],
      useFactory: (environment: Environment) => ({
        ...dataSourceOptions(environment),
        autoLoadEntities: true,
        // Fail fast at start-up; the CLI's dependency check has already explained what is down.
        retryAttempts: 0,
      }),
    }),
  ],
})
export class DatabaseModule {}
