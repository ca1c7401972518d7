import 'server-only';
import type { MessageLookup } from '@/lib/i18n/lookup';
import { DEFAULT_STORAGE_TYPE, isStorageTypeId } from '../registry';
import { storageServer } from '../server';
import type { CheckDescriber } from '../server-types';
import type { StorageCheckIssue, StorageCheckResult } from './types';
import type { ApiIssue } from './localized';

const serverOf = (storageType: string | undefined) => storageServer(isStorageTypeId(storageType) ? storageType : DEFAULT_STORAGE_TYPE);

/** The core's own warning (check-storage.ts), the same for every type: a move of the packages' storage. */
function storageChangedIssue(issue: StorageCheckIssue, t: MessageLookup): ApiIssue {
  const params = { old: issue.params?.old ?? '', new: issue.params?.new ?? '' };
  return { code: issue.code, field: issue.field, message: t('StorageCheck.issues.storageChanged', params) };
}

/** The texts of a check result's storage type (results stored before they named one are the default type's). */
export function checkDescriber(storageType: string | undefined): CheckDescriber {
  const own = serverOf(storageType).describe;
  return { ...own, issue: (issue, t, locale) => (issue.code === 'storageChanged' ? storageChangedIssue(issue, t) : own.issue(issue, t, locale)) };
}

/**
 * The text of the type's help document that fixes an issue of `result`, by the issue's code (S3: the
 * gateway endpoint policy for vpcEndpointDenied), so a script reading the check JSON gets it with the issue.
 */
export function documentFixing(result: StorageCheckResult): (code: string) => string | undefined {
  const help = serverOf(result.storageType).checkHelp(result.subject ?? '', result.identity);
  const documents = help ? [help, ...(help.related ?? [])] : [];
  return (code) => documents.find((document) => document.fixes?.includes(code))?.text;
}
