import { textOf as text, type FieldProblem, type FieldValues, type StorageTypeRules } from '../types';
import { isReservedServiceHost } from '@/lib/http/reserved-hosts';
import { externalIdProblem, roleArnProblem } from './credentials/auth-settings';
import { awsHostNamesBucket, isAwsEndpoint, isLoopbackHost } from './endpoint';
import { authModeOf, type S3Values } from './type';

// The S3 fields' rules, one source for the form's schema, the Manage API, `cli config set` and
// `cli storage check`. Codes are keys of the `S3Storage.validation` namespace, never prose.

export const REGION_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
export const SECRET_KEY_MAX_LENGTH = 256;

export function serviceUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'serviceUrlInvalid';
  }
  if (isReservedServiceHost(url.hostname)) return 'serviceUrlLinkLocal';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return 'serviceUrlHttps';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'serviceUrlHttps';
  if (url.username || url.password) return 'serviceUrlCredentials';
  if (value.includes('?') || value.includes('#')) return 'serviceUrlQuery';
  if (url.pathname !== '/' && url.pathname !== '') return 'serviceUrlPath';
  if (awsHostNamesBucket(value)) return 'serviceUrlHasBucket';
  return null;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function bucketNameProblem(name: string): string | null {
  if (name.length < 3 || name.length > 63) return 'bucketLength';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'bucketCharacters';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'bucketEdges';
  if (name.includes('..')) return 'bucketDoubleDot';
  if (IPV4.test(name)) return 'bucketIpAddress';
  if (name.startsWith('xn--') || name.startsWith('sthree-')) return 'bucketPrefix';
  if (name.endsWith('-s3alias') || name.endsWith('--ol-s3')) return 'bucketSuffix';
  return null;
}

/**
 * AWS issues access key IDs of 16 to 128 characters; S3-compatible stores allow shorter ones (MinIO
 * from 3, e.g. its default `minioadmin`), so the AWS length applies only to an AWS service URL.
 */
export function accessKeyProblem(value: string, serviceUrl = ''): string | null {
  const aws = isAwsEndpoint(serviceUrl);
  if (value.length < (aws ? 16 : 3) || value.length > 128) return aws ? 'accessKeyLengthAws' : 'accessKeyLength';
  if (!/^[\x21-\x7e]+$/.test(value)) return 'accessKeyCharacters';
  return null;
}

export function regionProblem(value: string): string | null {
  return REGION_PATTERN.test(value) ? null : 'regionInvalid';
}

function normalizedUrl(value: string): string {
  try {
    return new URL(value.trim()).origin.toLowerCase();
  } catch {
    return value.trim().replace(/\/+$/, '').toLowerCase();
  }
}

/** Language-neutral label for a storage location, e.g. `https://s3.eu-west-1.amazonaws.com/packages`. */
export function s3Location(serviceUrl: string, bucket: string): string {
  return `${normalizedUrl(serviceUrl)}/${bucket.trim()}`;
}

/** Which field a move to another S3 location shows on, or null when it is the same place. */
export function s3ChangedField(before: { serviceUrl: string; bucket: string }, after: { serviceUrl: string; bucket: string }): 'serviceUrl' | 'bucket' | null {
  if (before.serviceUrl.trim() === '' && before.bucket.trim() === '') return null;
  if (normalizedUrl(before.serviceUrl) !== normalizedUrl(after.serviceUrl)) return 'serviceUrl';
  return before.bucket.trim() !== after.bucket.trim() ? 'bucket' : null;
}

function wholeProblems(values: FieldValues<S3Values>): FieldProblem[] {
  // Blank keys are a required-field matter (with a role or the server's identity, no matter at all).
  if (text(values, 'accessKey') === '') return [];
  const problem = accessKeyProblem(text(values, 'accessKey'), text(values, 'serviceUrl'));
  return problem === 'accessKeyLengthAws' ? [{ field: 'accessKey', code: problem }] : [];
}

export const S3_RULES: StorageTypeRules<S3Values> = {
  codes: [
    'serviceUrlRequired', 'serviceUrlInvalid', 'serviceUrlHttps', 'serviceUrlCredentials', 'serviceUrlQuery', 'serviceUrlPath', 'serviceUrlHasBucket', 'serviceUrlLinkLocal',
    'bucketRequired', 'bucketLength', 'bucketCharacters', 'bucketEdges', 'bucketDoubleDot', 'bucketIpAddress', 'bucketPrefix', 'bucketSuffix',
    'accessKeyRequired', 'accessKeyLength', 'accessKeyLengthAws', 'accessKeyCharacters',
    'secretKeyRequired', 'secretKeyRequiredForChange', 'secretKeyLength', 'regionInvalid', 'pathStyleInvalid',
    'authModeInvalid', 'roleArnRequired', 'roleArnInvalid', 'externalIdInvalid',
  ],
  validationNamespace: 'S3Storage.validation',
  fieldProblem: {
    serviceUrl: serviceUrlProblem,
    bucket: bucketNameProblem,
    accessKey: (value) => accessKeyProblem(value),
    region: regionProblem,
    roleArn: roleArnProblem,
    externalId: externalIdProblem,
  },
  requiredCode: { serviceUrl: 'serviceUrlRequired', bucket: 'bucketRequired', accessKey: 'accessKeyRequired', secretKey: 'secretKeyRequired', roleArn: 'roleArnRequired' },
  secretLimit: { secretKey: { max: SECRET_KEY_MAX_LENGTH, code: 'secretKeyLength' } },
  choiceCode: { pathStyle: 'pathStyleInvalid', authMode: 'authModeInvalid' },
  // A secret access key is issued with its access key ID: another ID needs its own secret.
  tiedSecrets: { secretKey: { field: 'accessKey', code: 'secretKeyRequiredForChange' } },
  wholeProblems,
  location: (values) => {
    const serviceUrl = text(values, 'serviceUrl');
    const bucket = text(values, 'bucket');
    return serviceUrl.trim() === '' && bucket.trim() === '' ? null : s3Location(serviceUrl, bucket);
  },
  changedField: (before, after) =>
    s3ChangedField({ serviceUrl: text(before, 'serviceUrl'), bucket: text(before, 'bucket') }, { serviceUrl: text(after, 'serviceUrl'), bucket: text(after, 'bucket') }),
  serviceTraits: (values) => ({ protocol: 's3-api', authMode: authModeOf(values) }),
};
