import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { CoreModule } from '@app/core';
import { CounsellorsModule } from '@app/counsellors';
import { OrganisationsModule } from '@app/organisations';
import { AuthController } from './auth/auth.controller';
import { HealthController } from './health/health.controller';
import { OrganisationsController } from './organisations/organisations.controller';
import { ReferenceController } from './reference/reference.controller';
import { UsersController } from './users/users.controller';

/** Composes the domain modules behind the HTTP API; no business logic here. */
@Module({
  imports: [CoreModule, AuthModule, OrganisationsModule, CounsellorsModule],
  controllers: [AuthController, ReferenceController, OrganisationsController, UsersController, HealthController],
})
export class AppModule {}
