export {
  AcceptHandoffDto,
  CompleteHandoffDto,
  ConsentDto,
  CreateHandoffDto,
  DeclineHandoffDto,
  HandoffListQuery,
  HandoffPage,
  HandoffSummary,
  HandoffView,
  WithdrawHandoffDto,
} from './handoff.dto';
export { Handoff, type Consent } from './handoff.entity';
export * from './handoff-vocabulary';
export { DigestRun, RetainedCaseDay, RetainedCaseNeeds, RetainedCaseStatistics } from './follow-up/follow-up.entities';
export { HandoffRemindersService } from './follow-up/handoff-reminders.service';
export { LeadDigestService } from './follow-up/lead-digest.service';
export { DELETE_CASE_NOTIFICATIONS_SQL, DELETE_CASE_REMINDERS_SQL, RetentionService } from './follow-up/retention.service';
export { HandoffsModule } from './handoffs.module';
export { HandoffsService } from './handoffs.service';
