import type { MigrationInterface } from 'typeorm';
import { InitialSchema1795665146302 } from './1795665146302-InitialSchema';
import { ReferenceData1795665146400 } from './1795665146400-ReferenceData';
import { CasesHandoffsAudit1795666571129 } from './1795666571129-CasesHandoffsAudit';
import { WorkerDelivery1795667745046 } from './1795667745046-WorkerDelivery';
import { DashboardIndexes1795668580100 } from './1795668580100-DashboardIndexes';
import { DashboardReadModels1795677365615 } from './1795677365615-DashboardReadModels';
import { OpenCaseLanguagesUncountedUpdates1795688002229 } from './1795688002229-OpenCaseLanguagesUncountedUpdates';
import { HotTablesAutovacuum1795693000000 } from './1795693000000-HotTablesAutovacuum';
import { NotificationTimeOrderedIds1795694000000 } from './1795694000000-NotificationTimeOrderedIds';
import { CasesVacuumedSooner1795695000000 } from './1795695000000-CasesVacuumedSooner';
import { IdempotencyAnswersVerbatim1795696000000 } from './1795696000000-IdempotencyAnswersVerbatim';
import { NotificationRetentionIndexes1795697000000 } from './1795697000000-NotificationRetentionIndexes';
import { FailedEmailsIndex1795698000000 } from './1795698000000-FailedEmailsIndex';
import { CaseCodePrefixSearch1795699000000 } from './1795699000000-CaseCodePrefixSearch';
import { AuditLogTimeOrder1795700000000 } from './1795700000000-AuditLogTimeOrder';
import { EmailOutbox1795701000000 } from './1795701000000-EmailOutbox';
import { NetworkDashboardAnswerTime1795702000000 } from './1795702000000-NetworkDashboardAnswerTime';
import { ConsentScopeEndsShares1795703000000 } from './1795703000000-ConsentScopeEndsShares';
import { NotificationReadIndex1795704000000 } from './1795704000000-NotificationReadIndex';
import { TransferEndsShares1795705000000 } from './1795705000000-TransferEndsShares';
import { PasswordLinks1795706000000 } from './1795706000000-PasswordLinks';
import { AcceptedHandoffsByAssignee1795707000000 } from './1795707000000-AcceptedHandoffsByAssignee';
import { LeadDigestChoice1795708000000 } from './1795708000000-LeadDigestChoice';
import { RetainedCaseDays1795709000000 } from './1795709000000-RetainedCaseDays';

/**
 * Every migration, in order. Listed explicitly (not globbed) so that the apps, the CLI and the
 * tests load exactly the same set under ESM. Add a new migration's class at the end.
 */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  InitialSchema1795665146302,
  ReferenceData1795665146400,
  CasesHandoffsAudit1795666571129,
  WorkerDelivery1795667745046,
  DashboardIndexes1795668580100,
  DashboardReadModels1795677365615,
  OpenCaseLanguagesUncountedUpdates1795688002229,
  HotTablesAutovacuum1795693000000,
  NotificationTimeOrderedIds1795694000000,
  CasesVacuumedSooner1795695000000,
  IdempotencyAnswersVerbatim1795696000000,
  NotificationRetentionIndexes1795697000000,
  FailedEmailsIndex1795698000000,
  CaseCodePrefixSearch1795699000000,
  AuditLogTimeOrder1795700000000,
  EmailOutbox1795701000000,
  NetworkDashboardAnswerTime1795702000000,
  ConsentScopeEndsShares1795703000000,
  NotificationReadIndex1795704000000,
  TransferEndsShares1795705000000,
  PasswordLinks1795706000000,
  AcceptedHandoffsByAssignee1795707000000,
  LeadDigestChoice1795708000000,
  RetainedCaseDays1795709000000,
];
