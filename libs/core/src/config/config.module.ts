import { Global, Module } from '@nestjs/common';
import { Environment, loadEnvironment } from './environment';

/** Makes the validated `Environment` injectable everywhere. */
@Global()
@Module({
  providers: [{ provide: Environment, useFactory: loadEnvironment }],
  exports: [Environment],
})
export class ConfigModule {}
