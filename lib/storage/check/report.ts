import type { IssueTarget, Permission, PermissionResult, PermissionStatus, StorageCheckIssue, StorageCheckResult } from './types';

/**
 * Collects probe results; keeps "report once" and "fail beats pass" rules in one place for every storage
 * type, each with its own rows (`P`: S3 actions, Blob operations) and issue targets (`F`: its fields).
 */
export class CheckReport<F = IssueTarget, P extends Permission = Permission> {
  // NoInfer: a type names its row type explicitly; a plain `new CheckReport(list)` keeps the open `Permission`.
  constructor(private readonly permissions: readonly NoInfer<P>[]) {}

  private readonly rows = new Map<P, PermissionResult<P>>();
  private readonly errors: StorageCheckIssue<F, P>[] = [];
  private readonly warnings: StorageCheckIssue<F, P>[] = [];
  private readonly seen = new Set<string>();
  private fatalIssue: StorageCheckIssue<F, P> | null = null;

  get fatal(): StorageCheckIssue<F, P> | null {
    return this.fatalIssue;
  }

  status(permission: P): PermissionStatus | undefined {
    return this.rows.get(permission)?.status;
  }

  pass(permission: P): void {
    if (!this.rows.has(permission)) this.rows.set(permission, { permission, status: 'pass' });
  }

  /** A later failure (e.g. the final delete) overrides an earlier pass: the permission does not reliably work. */
  fail(permission: P, issue: StorageCheckIssue<F, P>): void {
    if (this.rows.get(permission)?.status !== 'fail') this.rows.set(permission, { permission, status: 'fail', code: issue.code });
    this.error({ ...issue, permission });
  }

  notRun(permission: P, code: string): void {
    if (!this.rows.has(permission)) this.rows.set(permission, { permission, status: 'not-run', code });
  }

  /** The first endpoint/credential-level error wins; everything not yet decided becomes 'not-run' with its code. */
  setFatal(issue: StorageCheckIssue<F, P>): void {
    if (this.fatalIssue) return;
    this.fatalIssue = issue;
    this.error(issue);
  }

  /** A closer look (network-findings.ts, lib/network/tls-diagnosis.ts) explained the endpoint error: it takes its place; rows skipped for it follow. */
  refineFatal(issue: StorageCheckIssue<F, P>): void {
    const previous = this.fatalIssue;
    if (!previous) return;
    this.fatalIssue = issue;
    const index = this.errors.indexOf(previous);
    if (index >= 0) this.errors[index] = issue;
    for (const [permission, row] of this.rows) if (row.code === previous.code) this.rows.set(permission, { ...row, code: issue.code });
  }

  error(issue: StorageCheckIssue<F, P>): void {
    // The same unexpected service error on several probes is one problem, not several.
    const key = JSON.stringify([issue.code, issue.field, issue.params ?? {}, issue.code.startsWith('unexpected') ? null : issue.permission]);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(issue);
  }

  warn(issue: StorageCheckIssue<F, P>): void {
    if (!this.warnings.some((existing) => existing.code === issue.code)) this.warnings.push(issue);
  }

  finish(durationMs: number, proxy?: string): StorageCheckResult<F, P> {
    const fallback = this.fatalIssue?.code ?? 'notRunEarlierFailure';
    const permissions = this.permissions.map(
      (permission): PermissionResult<P> => this.rows.get(permission) ?? { permission, status: 'not-run', code: fallback },
    );
    const ok = this.errors.length === 0 && permissions.every((row) => row.status === 'pass');
    return { ok, permissions, errors: [...this.errors], warnings: [...this.warnings], durationMs, ...(proxy ? { proxy } : {}) };
  }
}
