import type { AzureCheckIssue, AzureCheckRow } from './target';
import { localizeDateParams } from '@/lib/i18n/date-params';
import { AZURE_VALIDATION_PARAMS, type AzureValidationCode } from '../problems';
import { SAS_LETTER_BY_OPERATION, type AzureOperation } from '../sas';
import { NETWORK_ISSUE_PARAMS } from '@/lib/network/issue-params';

// Turns the Azure check's and the connection string's codes into sentences, through a translator
// scoped to the `AzureStorage` namespace. No server-only: the page uses it too.

export type AzureTranslate = (key: string, params?: Record<string, string>) => string;

/** Codes of `AzureStorage.issues`, with the ICU arguments each message uses. */
export const AZURE_ISSUE_PARAMS = {
  notBlobEndpoint: ['host', 'status'],
  endpointRedirect: ['host', 'status', 'location'],
  accountKeyMismatch: [],
  sasRejected: [],
  accountDisabled: [],
  clockSkewed: [],
  containerMissing: [],
  permissionDenied: ['permission', 'letter'],
  objectMismatch: [],
  blockListMismatch: [],
  unexpectedAnswer: ['code', 'status'],
  unexpected: ['code'],
  unexpectedUnnamed: [],
  cleanupBlobFailed: ['blob', 'reason'],
  bucketPublicList: [],
  bucketPublicRead: [],
  bucketNotEmpty: [],
  notRunNoBlob: [],
  notRunNoBlock: [],
  notRunCannotDelete: [],
  notRunEarlierFailure: [],
  ...NETWORK_ISSUE_PARAMS,
} as const satisfies Record<string, readonly string[]>;
export type AzureIssueCode = keyof typeof AZURE_ISSUE_PARAMS;

/** Keys of `AzureStorage.operations`: what each row's operation is for. */
export const AZURE_OPERATION_MESSAGES: Record<AzureOperation, string> = {
  'Put Blob': 'putBlob',
  'Put Block': 'putBlock',
  'Put Block List': 'putBlockList',
  'Get Block List': 'getBlockList',
  'Get Blob': 'getBlob',
  'List Blobs': 'listBlobs',
  'Delete Blob': 'deleteBlob',
};

export interface DescribedAzureIssue {
  code: string;
  field: AzureCheckIssue['field'];
  permission?: AzureOperation;
  message: string;
}

function isIssueCode(code: string): code is AzureIssueCode {
  return Object.hasOwn(AZURE_ISSUE_PARAMS, code);
}

function isValidationCode(code: string): code is AzureValidationCode {
  return Object.hasOwn(AZURE_VALIDATION_PARAMS, code);
}

/**
 * The sentence for a code of either namespace: the check reports connection-string problems with
 * their validation code. Every declared argument gets a value (a missing one would throw in ICU),
 * and ISO dates are formatted for `locale`.
 */
export function azureMessage(code: string, params: Record<string, string>, t: AzureTranslate, locale: string): string {
  const names: readonly string[] | null = isIssueCode(code) ? AZURE_ISSUE_PARAMS[code] : isValidationCode(code) ? AZURE_VALIDATION_PARAMS[code] : null;
  if (!names) return t('issues.unexpected', { code });
  const localized = localizeDateParams(params, locale);
  const complete = Object.fromEntries(names.map((name) => [name, localized[name] ?? '']));
  return t(`${isIssueCode(code) ? 'issues' : 'validation'}.${code}`, complete);
}

function rowParams(permission: AzureOperation | undefined): Record<string, string> {
  return permission ? { permission, letter: SAS_LETTER_BY_OPERATION[permission] } : {};
}

export function describeAzureIssue(issue: AzureCheckIssue, t: AzureTranslate, locale: string): DescribedAzureIssue {
  const message = azureMessage(issue.code, { ...(issue.params ?? {}), ...rowParams(issue.permission) }, t, locale);
  return issue.permission
    ? { code: issue.code, field: issue.field, permission: issue.permission, message }
    : { code: issue.code, field: issue.field, message };
}

export function describeAzureOperation(operation: AzureOperation, t: AzureTranslate): string {
  return t(`operations.${AZURE_OPERATION_MESSAGES[operation]}`);
}

/** Why a row failed or did not run (null for a pass); a row skipped for an earlier error points at it. */
export function describeAzureRow(row: AzureCheckRow, t: AzureTranslate, locale: string, errors: readonly AzureCheckIssue[] = []): string | null {
  if (row.status === 'pass' || !row.code) return null;
  if (row.status === 'not-run' && !row.code.startsWith('notRun')) return t('issues.notRunEarlierFailure');
  const match = errors.find((issue) => issue.code === row.code && (issue.permission === row.permission || !issue.permission));
  return azureMessage(row.code, { ...(match?.params ?? {}), ...rowParams(row.permission) }, t, locale);
}
