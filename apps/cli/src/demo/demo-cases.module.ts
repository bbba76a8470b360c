import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { CoreModule } from '@app/core';
import { CounsellorsModule } from '@app/counsellors';
import { HandoffsModule } from '@app/handoffs';

/** The domain modules the CLI drives (demo seed, audit check, password links), so it goes through the same rules as the API. */
@Module({ imports: [CoreModule, CasesModule, HandoffsModule, AuditModule, CounsellorsModule] })
export class DemoCasesModule {}
