import type { Environment } from './environment';

/**
 * Closed cases are kept RETENTION_DAYS after closing: those closed before this instant are deleted by
 * the nightly retention job (by its next run, so for up to a day some may still be there).
 */
export function closedCaseRetentionCutoff(environment: Pick<Environment, 'RETENTION_DAYS'>, now: Date): Date {
  return new Date(now.getTime() - environment.RETENTION_DAYS * 86_400_000);
}
