import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { OrganisationsModule } from '@app/organisations';
import { RemindersModule } from '@app/reminders';
import { Case } from './case.entity';
import { CaseEvent } from './case-event.entity';
import { CaseShare } from './case-share.entity';
import { CaseRemindersService } from './case-reminders.service';
import { CasesService } from './cases.service';

@Module({
  imports: [TypeOrmModule.forFeature([Case, CaseEvent, CaseShare]), OrganisationsModule, AuditModule, RemindersModule],
  providers: [CasesService, CaseRemindersService],
  exports: [CasesService, CaseRemindersService],
})
export class CasesModule {}
