import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { OrganisationsModule } from '@app/organisations';
import { RemindersModule } from '@app/reminders';
import { DigestRun, RetainedCaseDay, RetainedCaseNeeds, RetainedCaseStatistics } from './follow-up/follow-up.entities';
import { HandoffRemindersService } from './follow-up/handoff-reminders.service';
import { LeadDigestService } from './follow-up/lead-digest.service';
import { RetentionService } from './follow-up/retention.service';
import { Handoff } from './handoff.entity';
import { HandoffsService } from './handoffs.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Handoff, DigestRun, RetainedCaseStatistics, RetainedCaseNeeds, RetainedCaseDay]),
    CasesModule,
    OrganisationsModule,
    RemindersModule,
    AuditModule,
  ],
  providers: [HandoffsService, HandoffRemindersService, LeadDigestService, RetentionService],
  exports: [HandoffsService, HandoffRemindersService, LeadDigestService, RetentionService],
})
export class HandoffsModule {}
