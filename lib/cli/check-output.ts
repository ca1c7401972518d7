import { describeIssue, describePermission, describeRow, type Translate } from '@/lib/storage-check/describe-issue';
import { minimalPolicy } from '@/lib/storage-check/policy';
import { PERMISSIONS, type PermissionStatus, type StorageCheckResult } from '@/lib/storage-check/types';

export interface JsonIssue {
  code: string;
  field: string | null;
  message: string;
}

/** The `--json` contract: exactly these four keys, plus `proxy` when the requests went through one. */
export interface CheckJson {
  ok: boolean;
  permissions: Record<string, PermissionStatus>;
  errors: JsonIssue[];
  warnings: JsonIssue[];
  /** host:port of the outbound proxy used, never its credentials. */
  proxy?: string;
}

export function checkJson(result: StorageCheckResult, t: Translate): CheckJson {
  const issue = (value: StorageCheckResult['errors'][number]): JsonIssue => {
    const { code, field, message } = describeIssue(value, t);
    return { code, field, message };
  };
  return {
    ok: result.ok,
    permissions: Object.fromEntries(result.permissions.map((row) => [row.permission, row.status])),
    errors: result.errors.map(issue),
    warnings: result.warnings.map(issue),
    ...(result.proxy ? { proxy: result.proxy } : {}),
  };
}

/** What a usage error looks like under --json: nothing ran. */
export function usageJson(error: JsonIssue): CheckJson {
  return {
    ok: false,
    permissions: Object.fromEntries(PERMISSIONS.map((permission) => [permission, 'not-run' as const])),
    errors: [error],
    warnings: [],
  };
}

const STATUS_LABEL: Record<PermissionStatus, string> = { pass: 'pass   ', fail: 'FAIL   ', 'not-run': 'not run' };

export interface TextContext {
  bucket: string;
  serviceUrl: string;
  source: 'flags' | 'saved settings';
}

export function checkText(result: StorageCheckResult, t: Translate, context: TextContext): string {
  const lines = [`Storage check of bucket ${context.bucket} at ${context.serviceUrl} (${context.source})`, ''];
  const width = Math.max(...PERMISSIONS.map((permission) => permission.length));
  for (const row of result.permissions) {
    const why = describeRow(row, t, result.errors);
    const what = describePermission(row.permission, t);
    lines.push(`  ${STATUS_LABEL[row.status]}  ${row.permission.padEnd(width)}  ${why ?? what}`);
  }
  const section = (title: string, issues: StorageCheckResult['errors']) => {
    if (issues.length === 0) return;
    lines.push('', `${title}:`);
    for (const value of issues) {
      const { field, message } = describeIssue(value, t);
      lines.push(`  - ${field ? `[${field}] ` : ''}${message}`);
    }
  };
  section('Problems', result.errors);
  section('Warnings', result.warnings);
  if (result.permissions.some((row) => row.code === 'permissionDenied' || row.code === 'multipartDenied')) {
    lines.push('', 'A policy granting exactly the seven permissions GitHub Packages needs:');
    lines.push(JSON.stringify(minimalPolicy(context.bucket), null, 2));
  }
  if (result.proxy) lines.push('', `Requests went through the proxy ${result.proxy}.`);
  const seconds = (result.durationMs / 1000).toFixed(1);
  lines.push('', result.ok ? `OK: all seven permissions work (${seconds} s).` : `FAILED: fix the problems above and run the check again (${seconds} s).`);
  return lines.join('\n');
}
