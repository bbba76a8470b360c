export type { CaseActor } from './case-actor';
export { formatCaseCode, generateCaseCode, isValidCaseCode, normaliseCaseCode } from './case-code/case-code';
export {
  AddNoteDto,
  CaseEventView,
  CaseListQuery,
  CasePage,
  CaseTimelinePage,
  CaseView,
  CloseCaseDto,
  CreateCaseDto,
  UpdateCaseDto,
} from './case.dto';
export { Case } from './case.entity';
export { CaseEvent, type CaseEventKind } from './case-event.entity';
export { CaseShare, referralNeedsShare } from './case-share.entity';
export * from './case-vocabulary';
export { CaseRemindersService } from './case-reminders.service';
export { CasesModule } from './cases.module';
export { CasesService, toCaseView, type AccessibleCase, type CaseEventDraft, type HandoffSource } from './cases.service';
export { assertNoPersonalIdentifiers } from './free-text';
