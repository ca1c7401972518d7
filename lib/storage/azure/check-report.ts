import type { AzureCheckIssue, AzureCheckResult, AzureCheckRow, AzureRowStatus } from './check-types';
import { AZURE_OPERATIONS, type AzureOperation } from './sas';

/** Collects probe results; keeps "report once" and "fail beats pass" rules in one place. */
export class AzureCheckReport {
  private readonly rows = new Map<AzureOperation, AzureCheckRow>();
  private readonly errors: AzureCheckIssue[] = [];
  private readonly warnings: AzureCheckIssue[] = [];
  private readonly seen = new Set<string>();
  private fatalIssue: AzureCheckIssue | null = null;

  get fatal(): AzureCheckIssue | null {
    return this.fatalIssue;
  }

  status(operation: AzureOperation): AzureRowStatus | undefined {
    return this.rows.get(operation)?.status;
  }

  pass(operation: AzureOperation): void {
    if (!this.rows.has(operation)) this.rows.set(operation, { permission: operation, status: 'pass' });
  }

  /** A later failure (e.g. the final delete) overrides an earlier pass: the operation does not reliably work. */
  fail(operation: AzureOperation, issue: AzureCheckIssue): void {
    if (this.rows.get(operation)?.status !== 'fail') this.rows.set(operation, { permission: operation, status: 'fail', code: issue.code });
    this.error({ ...issue, permission: operation });
  }

  notRun(operation: AzureOperation, code: string): void {
    if (!this.rows.has(operation)) this.rows.set(operation, { permission: operation, status: 'not-run', code });
  }

  /** The first endpoint/credential-level error wins; every row not yet decided becomes 'not-run' with its code. */
  setFatal(issue: AzureCheckIssue): void {
    if (this.fatalIssue) return;
    this.fatalIssue = issue;
    this.error(issue);
  }

  /** A closer look (network-findings.ts) replaced the fatal error with a precise one; rows skipped for it follow. */
  refineFatal(issue: AzureCheckIssue): void {
    const previous = this.fatalIssue;
    if (!previous) return;
    this.fatalIssue = issue;
    const index = this.errors.indexOf(previous);
    if (index >= 0) this.errors[index] = issue;
    for (const [operation, row] of this.rows) if (row.code === previous.code) this.rows.set(operation, { ...row, code: issue.code });
  }

  error(issue: AzureCheckIssue): void {
    const key = JSON.stringify([issue.code, issue.field, issue.params ?? {}, issue.code.startsWith('unexpected') ? null : issue.permission]);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(issue);
  }

  warn(issue: AzureCheckIssue): void {
    if (!this.warnings.some((existing) => existing.code === issue.code)) this.warnings.push(issue);
  }

  finish(durationMs: number, proxy?: string): AzureCheckResult {
    const fallback = this.fatalIssue?.code ?? 'notRunEarlierFailure';
    const permissions = AZURE_OPERATIONS.map(
      (operation): AzureCheckRow => this.rows.get(operation) ?? { permission: operation, status: 'not-run', code: fallback },
    );
    const ok = this.errors.length === 0 && permissions.every((row) => row.status === 'pass');
    return { ok, permissions, errors: [...this.errors], warnings: [...this.warnings], durationMs, ...(proxy ? { proxy } : {}) };
  }
}
