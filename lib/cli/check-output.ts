import { lookupLocale, type MessageLookup } from '@/lib/i18n/lookup';
import { joinSentences } from '@/lib/i18n/sentences';
import { checkDescriber, documentFixing } from '@/lib/storage/check/describe';
import { storageServer } from '@/lib/storage/server';
import type { StorageType } from '@/lib/storage/types';
import type { CheckIdentity, PermissionStatus, StorageCheckResult } from '@/lib/storage/check/types';

export interface JsonIssue {
  code: string;
  field: string | null;
  message: string;
  /** A policy document that fixes it (a role's trust policy; S3's vpcEndpointDenied: the gateway endpoint policy). */
  policy?: string;
}

/**
 * The `--json` contract: these four keys always, so scripts can rely on them, plus `proxy` when the
 * requests went through one and `identity` once credentials were obtained (who the check ran as;
 * never a secret or a session token).
 */
export interface CheckJson {
  ok: boolean;
  permissions: Record<string, PermissionStatus>;
  errors: JsonIssue[];
  warnings: JsonIssue[];
  /** host:port of the outbound proxy used, never its credentials. */
  proxy?: string;
  identity?: CheckIdentity & { summary: string };
}

export function checkJson(result: StorageCheckResult, t: MessageLookup): CheckJson {
  const describer = checkDescriber(result.storageType);
  const fixing = documentFixing(result);
  const issue = (value: StorageCheckResult['errors'][number]): JsonIssue => {
    const { code, field, message, policy = fixing(code) } = describer.issue(value, t, lookupLocale(t));
    return policy ? { code, field, message, policy } : { code, field, message };
  };
  return {
    ok: result.ok,
    permissions: Object.fromEntries(result.permissions.map((row) => [row.permission, row.status])),
    errors: result.errors.map(issue),
    warnings: result.warnings.map(issue),
    ...(result.proxy ? { proxy: result.proxy } : {}),
    ...(result.identity ? { identity: { ...result.identity, summary: joinSentences(...(describer.identity?.(result.identity, t) ?? [])) } } : {}),
  };
}

/** What a usage error looks like under --json: nothing ran. */
export function usageJson(error: JsonIssue, rows: readonly string[]): CheckJson {
  return {
    ok: false,
    permissions: Object.fromEntries(rows.map((permission) => [permission, 'not-run' as const])),
    errors: [error],
    warnings: [],
  };
}

const STATUS_LABEL: Record<PermissionStatus, string> = { pass: 'pass   ', fail: 'FAIL   ', 'not-run': 'not run' };

export interface TextContext {
  /** What was checked, e.g. `bucket NAME at URL`. */
  target: string;
  source: 'flags' | 'saved settings';
  /** What grants every permission (S3: the minimal policy, then the gateway endpoint policy), shown when one was refused. */
  help: { text: string; related: readonly { title: string; text: string }[]; shownFor: readonly string[] } | null;
}

const COUNT = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

export function checkText(result: StorageCheckResult, t: MessageLookup, context: TextContext): string {
  const describer = checkDescriber(result.storageType);
  const lines = [`Storage check of ${context.target} (${context.source})`, ''];
  if (result.identity && describer.identity) lines.push(`  ${joinSentences(...describer.identity(result.identity, t))}`, '');
  const width = Math.max(...result.permissions.map((row) => row.permission.length));
  const count = COUNT[result.permissions.length] ?? String(result.permissions.length);
  for (const row of result.permissions) {
    const why = describer.row(row, t, lookupLocale(t), result.errors);
    const what = describer.purpose(row.permission, t);
    lines.push(`  ${STATUS_LABEL[row.status]}  ${row.permission.padEnd(width)}  ${why ?? what}`);
  }
  const section = (title: string, issues: StorageCheckResult['errors']) => {
    if (issues.length === 0) return;
    lines.push('', `${title}:`);
    for (const value of issues) {
      const { field, message, policy } = describer.issue(value, t, lookupLocale(t));
      lines.push(`  - ${field ? `[${field}] ` : ''}${message}`);
      if (policy) lines.push(policy);
    }
  };
  section('Problems', result.errors);
  section('Warnings', result.warnings);
  const help = context.help;
  if (help && result.permissions.some((row) => row.code !== undefined && help.shownFor.includes(row.code))) {
    lines.push('', `A policy granting exactly the ${count} permissions GitHub Packages needs:`);
    lines.push(help.text);
    for (const more of help.related) lines.push('', `${more.title}:`, more.text);
  }
  if (result.proxy) lines.push('', `Requests went through the proxy ${result.proxy}.`);
  const seconds = (result.durationMs / 1000).toFixed(1);
  lines.push('', result.ok ? `OK: all ${count} permissions work (${seconds} s).` : `FAILED: fix the problems above and run the check again (${seconds} s).`);
  return lines.join('\n');
}

/** The type's help documents for the text output (S3: the IAM policy, then the gateway endpoint policy). */
export function textHelp(type: StorageType, result: StorageCheckResult, t: MessageLookup): TextContext['help'] {
  const help = storageServer(type.id).checkHelp(result.subject ?? '', result.identity);
  if (!help) return null;
  return { text: help.text, shownFor: help.shownFor, related: (help.related ?? []).map((more) => ({ title: t(`${type.namespace}.${more.titleKey}`), text: more.text })) };
}
