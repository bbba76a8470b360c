import { AuditEntry } from '@app/audit';
import { RefreshToken, Session } from '@app/auth';
import { Case, CaseEvent, CaseShare } from '@app/cases';
import { IdempotencyKey } from '@app/core';
import { PasswordLink, StaffUser } from '@app/counsellors';
import { OpenCaseLanguage } from '@app/dashboards';
import { DigestRun, Handoff, RetainedCaseDay, RetainedCaseNeeds, RetainedCaseStatistics } from '@app/handoffs';
import { CounsellingDomain, CounsellingService, District, Language, Organisation } from '@app/organisations';
import { EmailOutboxEntry, Notification, Reminder } from '@app/reminders';

/** Every entity of the schema; what `npm run migration:generate` compares the database against. */
export const ENTITIES = [
  CounsellingDomain,
  District,
  Language,
  Organisation,
  CounsellingService,
  StaffUser,
  PasswordLink,
  Session,
  RefreshToken,
  IdempotencyKey,
  AuditEntry,
  Case,
  CaseEvent,
  CaseShare,
  Handoff,
  Notification,
  EmailOutboxEntry,
  Reminder,
  DigestRun,
  RetainedCaseStatistics,
  RetainedCaseNeeds,
  RetainedCaseDay,
  OpenCaseLanguage,
];
