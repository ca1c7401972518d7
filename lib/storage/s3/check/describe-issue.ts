import type { IssueTarget, Permission, PermissionResult, StorageCheckIssue } from '@/lib/storage/check/types';
import { NETWORK_ISSUE_PARAMS } from '@/lib/network/issue-params';

// Turns codes into sentences through a translator scoped to the `S3Storage` namespace (issues.*,
// permissions.*), so the CLI, the API and the page share one set of texts. No server-only: the page uses it too.

export type Translate = (key: string, params?: Record<string, string>) => string;

/** Parameters that hold an ISO 8601 date: shown as a date in the reader's language (UTC, as certificates state it). */
const DATE_PARAMS = new Set(['date']);

export const ISSUE_CODES = [
  'endpointRefused', 'endpointNotFound', 'endpointTimeout', 'endpointTls', 'endpointTlsHandshake', 'endpointUnreachable', 'checkCancelled',
  'endpointClosed', 'endpointNotHttp', 'endpointReservedAddress', 'notS3Endpoint', 'endpointGatewayError', 'endpointServerError', 'endpointThrottled', 'endpointRedirect',
  'accessKeyUnknown', 'accessKeyDisabled', 'secretKeyMismatch', 'bucketMissing', 'wrongRegion', 'wrongRegionSetField', 'wrongRegionUnknown',
  'clockSkewed', 'permissionDenied', 'vpcEndpointDenied', 'multipartDenied', 'objectMismatch', 'unexpectedAnswer', 'unexpected', 'unexpectedUnnamed',
  'cleanupObjectFailed', 'cleanupUploadFailed',
  'bucketPublicList', 'bucketPublicRead', 'bucketNotEmpty',
  'notRunNoObject', 'notRunNoUpload', 'notRunCannotDelete', 'notRunReadUnproven', 'notRunCannotAbort', 'notRunNoCleanup', 'notRunEarlierFailure',
  'tlsUnknownCa', 'tlsSelfSigned', 'tlsHostMismatch', 'tlsExpired', 'tlsNotYetValid', 'tlsUntrusted', 'tlsToPlainPort', 'httpToTlsPort',
  'tlsExpiringSoon', 'proxyUnreachable', 'proxyTimeout', 'proxyAuthRequired', 'proxyConnectRefused',
  'roleArnRequired', 'roleArnInvalid', 'externalIdInvalid', 'roleDenied', 'roleDeniedWithExternalId', 'roleNotFound', 'roleRequestRefused',
  'stsRegionDisabled', 'sourceCredentialsExpired', 'stsNotSupported', 'stsFailed', 'stsTimedOut', 'stsUnreachable',
  'noServerCredentials', 'instanceMetadataUnreachable', 'credentialsTimedOut', 'credentialSourceFailed',
  'webIdentityTokenUnreadable', 'webIdentityTokenInvalid',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** The ICU arguments each message uses; `permission` is filled in from the issue itself. */
export const ISSUE_PARAMS: Record<IssueCode, readonly string[]> = {
  notS3Endpoint: ['host', 'status'],
  endpointServerError: ['host', 'status', 'code'],
  endpointRedirect: ['host', 'status', 'location'],
  accessKeyUnknown: [],
  accessKeyDisabled: [],
  secretKeyMismatch: [],
  bucketMissing: [],
  wrongRegion: ['region', 'suggestedUrl'],
  wrongRegionSetField: ['region'],
  wrongRegionUnknown: [],
  clockSkewed: [],
  permissionDenied: ['permission', 'grantee'],
  vpcEndpointDenied: ['permission'],
  multipartDenied: ['permission'],
  objectMismatch: [],
  unexpectedAnswer: ['code', 'status'],
  unexpected: ['code'],
  unexpectedUnnamed: [],
  cleanupObjectFailed: ['key', 'reason'],
  cleanupUploadFailed: ['key', 'uploadId', 'reason'],
  bucketPublicList: [],
  bucketPublicRead: [],
  bucketNotEmpty: [],
  notRunNoObject: [],
  notRunNoUpload: [],
  notRunCannotDelete: [],
  notRunReadUnproven: [],
  notRunCannotAbort: [],
  notRunNoCleanup: [],
  notRunEarlierFailure: [],
  ...NETWORK_ISSUE_PARAMS,
  roleArnRequired: [],
  roleArnInvalid: [],
  externalIdInvalid: [],
  roleDenied: ['roleArn'],
  roleDeniedWithExternalId: ['roleArn'],
  roleNotFound: ['roleArn'],
  roleRequestRefused: ['roleArn', 'status'],
  stsRegionDisabled: [],
  sourceCredentialsExpired: [],
  stsNotSupported: ['host'],
  stsFailed: ['name', 'status'],
  stsTimedOut: ['host'],
  stsUnreachable: ['host', 'code'],
  noServerCredentials: ['metadata'],
  instanceMetadataUnreachable: ['seconds'],
  credentialsTimedOut: ['source'],
  credentialSourceFailed: ['source'],
  webIdentityTokenUnreadable: [],
  webIdentityTokenInvalid: [],
};

export interface DescribedIssue {
  code: string;
  field: IssueTarget;
  permission?: Permission;
  message: string;
  /** A policy document that fixes it, for copying. */
  policy?: string;
}

export function isIssueCode(code: string): code is IssueCode {
  return (ISSUE_CODES as readonly string[]).includes(code);
}

function issueMessage(code: string, params: Record<string, string>, t: Translate, locale = 'en'): string {
  if (!isIssueCode(code)) return t('issues.unexpected', { code });
  // Every declared argument gets a value: a missing ICU argument would throw inside the formatter.
  const complete = Object.fromEntries(ISSUE_PARAMS[code].map((name) => [name, DATE_PARAMS.has(name) ? asDate(params[name], locale) : (params[name] ?? '')]));
  return t(`issues.${code}`, complete);
}

function asDate(value: string | undefined, locale: string): string {
  const time = Date.parse(value ?? '');
  return Number.isNaN(time) ? (value ?? '') : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(time);
}

export function describeIssue(issue: StorageCheckIssue, t: Translate, locale = 'en'): DescribedIssue {
  const params = { ...(issue.params ?? {}), ...(issue.permission ? { permission: issue.permission } : {}) };
  const message = issueMessage(issue.code, params, t, locale);
  const described: DescribedIssue = issue.permission
    ? { code: issue.code, field: issue.field, permission: issue.permission, message }
    : { code: issue.code, field: issue.field, message };
  return issue.policy ? { ...described, policy: issue.policy } : described;
}

/** Short description of what a permission is for, e.g. for the table's first column. */
export function describePermission(permission: Permission, t: Translate): string {
  return t(`permissions.${permission.replace(/^s3:/, '')}`);
}

/**
 * Why a row failed or did not run (null for a pass). `errors` supplies the params of the matching
 * issue; a row skipped because of an endpoint or credential error points at that error instead of
 * repeating it.
 */
export function describeRow(row: PermissionResult, t: Translate, errors: readonly StorageCheckIssue[] = []): string | null {
  if (row.status === 'pass' || !row.code) return null;
  if (row.status === 'not-run' && !row.code.startsWith('notRun')) return t('issues.notRunEarlierFailure');
  const match = errors.find((issue) => issue.code === row.code && (issue.permission === row.permission || !issue.permission));
  return issueMessage(row.code, { ...(match?.params ?? {}), permission: row.permission }, t);
}
