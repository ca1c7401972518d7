import 'server-only';
import { checkJson, type CheckJson } from '@/lib/cli/check-output';
import type { MessageLookup } from '@/lib/i18n/lookup';
import type { StorageCheckResult } from '@/lib/storage/check/types';
import { apiFieldName } from './settings-body';

/** The storage-check JSON (as `cli storage check --json`), fields named as the Manage API names them. */
export function checkReport(result: StorageCheckResult, t: MessageLookup): CheckJson {
  const report = checkJson(result, t);
  const rename = (issue: CheckJson['errors'][number]) => ({ ...issue, field: issue.field === null ? null : apiFieldName(issue.field) });
  return { ...report, errors: report.errors.map(rename), warnings: report.warnings.map(rename) };
}
