import type { Permission, PermissionResult, PermissionStatus, StorageCheckIssue, StorageCheckResult } from './types';

/** Collects probe results; keeps "report once" and "fail beats pass" rules in one place. */
export class CheckReport {
  constructor(private readonly permissions: readonly Permission[]) {}

  private readonly rows = new Map<Permission, PermissionResult>();
  private readonly errors: StorageCheckIssue[] = [];
  private readonly warnings: StorageCheckIssue[] = [];
  private readonly seen = new Set<string>();
  private fatalIssue: StorageCheckIssue | null = null;

  get fatal(): StorageCheckIssue | null {
    return this.fatalIssue;
  }

  status(permission: Permission): PermissionStatus | undefined {
    return this.rows.get(permission)?.status;
  }

  pass(permission: Permission): void {
    if (!this.rows.has(permission)) this.rows.set(permission, { permission, status: 'pass' });
  }

  /** A later failure (e.g. the final delete) overrides an earlier pass: the permission does not reliably work. */
  fail(permission: Permission, issue: StorageCheckIssue): void {
    if (this.rows.get(permission)?.status !== 'fail') this.rows.set(permission, { permission, status: 'fail', code: issue.code });
    this.error({ ...issue, permission });
  }

  notRun(permission: Permission, code: string): void {
    if (!this.rows.has(permission)) this.rows.set(permission, { permission, status: 'not-run', code });
  }

  /** The first endpoint/credential-level error wins; everything not yet decided becomes 'not-run' with its code. */
  setFatal(issue: StorageCheckIssue): void {
    if (this.fatalIssue) return;
    this.fatalIssue = issue;
    this.error(issue);
  }

  error(issue: StorageCheckIssue): void {
    // The same unexpected S3 error on several probes is one problem, not several.
    const key = JSON.stringify([issue.code, issue.field, issue.params ?? {}, issue.code.startsWith('unexpected') ? null : issue.permission]);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(issue);
  }

  warn(issue: StorageCheckIssue): void {
    if (!this.warnings.some((existing) => existing.code === issue.code)) this.warnings.push(issue);
  }

  finish(durationMs: number): StorageCheckResult {
    const fallback = this.fatalIssue?.code ?? 'notRunEarlierFailure';
    const permissions = this.permissions.map(
      (permission): PermissionResult => this.rows.get(permission) ?? { permission, status: 'not-run', code: fallback },
    );
    const ok = this.errors.length === 0 && permissions.every((row) => row.status === 'pass');
    return { ok, permissions, errors: [...this.errors], warnings: [...this.warnings], durationMs };
  }
}
