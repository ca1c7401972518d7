import type { ApiIssue, LocalizedCheckResult } from '@/lib/settings/api-types';
import type { ApiTranslator } from '@/lib/i18n/api-translator';
import { joinSentences } from '@/lib/i18n/sentences';
import { describeIssue, describeRow, type Translate } from './describe-issue';
import { minimalPolicy, statementFor } from './policy';
import type { StorageCheckResult } from './types';

/** Scopes the request's translator to the StorageCheck namespace, as describe-issue expects. */
export function storageCheckTranslate(t: ApiTranslator): Translate {
  return (key, params) => t(`StorageCheck.${key}` as 'StorageCheck.grantWith', params as never);
}

/** A storage-check result in the caller's language: one sentence per problem, plus the policy to grant. */
export function localizeCheckResult(result: StorageCheckResult, bucket: string, t: ApiTranslator): LocalizedCheckResult {
  const translate = storageCheckTranslate(t);
  const describe = (issue: StorageCheckResult['errors'][number]): ApiIssue => describeIssue(issue, translate);
  return {
    ok: result.ok,
    durationMs: result.durationMs,
    bucket,
    permissions: result.permissions.map((row) => {
      const sentence = describeRow(row, translate, result.errors);
      const { permission, status, code } = row;
      const grant = code === 'permissionDenied' ? [translate('grantWith'), JSON.stringify(statementFor(permission, bucket))] : [];
      return { permission, status, message: sentence === null ? null : joinSentences(sentence, ...grant) };
    }),
    errors: result.errors.map(describe),
    warnings: result.warnings.map(describe),
    policy: JSON.stringify(minimalPolicy(bucket), null, 2),
    ...(result.proxy ? { proxy: result.proxy } : {}),
  };
}
