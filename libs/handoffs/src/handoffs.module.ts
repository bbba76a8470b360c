import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { OrganisationsModule } from '@app/organisations';
import { RemindersModule } from '@app/reminders';
import { Handoff } from './handoff.entity';
import { HandoffsService } from './handoffs.service';

@Module({
  imports: [TypeOrmModule.forFeature([Handoff]), CasesModule, OrganisationsModule, RemindersModule, AuditModule],
  providers: [HandoffsService],
  exports: [HandoffsService],
})
export class HandoffsModule {}
