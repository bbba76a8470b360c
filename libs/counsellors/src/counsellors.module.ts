import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { OrganisationsModule } from '@app/organisations';
import { PasswordHasher } from './passwords/password-hasher';
import { StaffUser } from './staff-user.entity';
import { StaffUsersService } from './staff-users.service';

@Module({
  imports: [TypeOrmModule.forFeature([StaffUser]), OrganisationsModule, AuditModule],
  providers: [StaffUsersService, PasswordHasher],
  exports: [StaffUsersService, PasswordHasher, TypeOrmModule],
})
export class CounsellorsModule {}
