import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { OrganisationsModule } from '@app/organisations';
import { RemindersModule } from '@app/reminders';
import { PasswordLink } from './password-links/password-link.entity';
import { PasswordLinksService } from './password-links/password-links.service';
import { PasswordHasher } from './passwords/password-hasher';
import { StaffUser } from './staff-user.entity';
import { StaffUsersService } from './staff-users.service';

@Module({
  imports: [TypeOrmModule.forFeature([StaffUser, PasswordLink]), OrganisationsModule, AuditModule, RemindersModule],
  providers: [StaffUsersService, PasswordHasher, PasswordLinksService],
  exports: [StaffUsersService, PasswordHasher, PasswordLinksService, TypeOrmModule],
})
export class CounsellorsModule {}
