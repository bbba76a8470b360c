import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { CoreModule } from '@app/core';
import { HandoffsModule } from '@app/handoffs';

/** The domain modules the demo seed drives, so demo cases go through the same rules as real ones. */
@Module({ imports: [CoreModule, CasesModule, HandoffsModule, AuditModule] })
export class DemoCasesModule {}
