import type { Outcome } from './outcome';
import type { CheckReport } from './report';
import type { IssueTarget, Permission, StorageCheckIssue } from './types';

// How a probe's outcome lands in the report, the same for every storage type: a pass, or what the
// type's classifier makes of the error, either on its row or, when fatal, for the whole check.

/** What a type's classifier makes of an error, on its fields (`F`) and rows (`P`). */
export interface Classified<F = IssueTarget, P extends Permission = Permission> {
  /**
   * Every later request would fail the same way (endpoint, credentials, the place, the clock), so it
   * is reported once and the remaining rows become 'not-run'.
   */
  fatal: boolean;
  issue: StorageCheckIssue<F, P>;
}

/** What recording needs of a check in progress: its report and its type's classifier. */
export interface RecordingRun<F = IssueTarget, P extends Permission = Permission> {
  report: CheckReport<F, P>;
  classify: (error: unknown, permission?: P) => Classified<F, P>;
}

/** Records one outcome against one row; returns whether it passed. */
export function record<F, P extends Permission>(run: RecordingRun<F, P>, permission: NoInfer<P>, outcome: Outcome<unknown>): boolean {
  if (outcome.ok) {
    run.report.pass(permission);
    return true;
  }
  const { fatal, issue } = run.classify(outcome.error, permission);
  if (fatal) run.report.setFatal(issue);
  else run.report.fail(permission, issue);
  return false;
}
