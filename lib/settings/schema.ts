// zod/mini: the same zod 4 engine, tree-shakable, so the browser ships a fraction of it.
import { boolean, discriminatedUnion, enum as oneOf, int, literal, maxLength, minimum, optional, refine, strictObject, string, superRefine, trim } from 'zod/mini';
import type { core, input, output } from 'zod/mini';
import { PACKAGES_FIELDS, type PackagesField } from './fields';
import { isReservedServiceHost } from './reserved-hosts';
import { awsHostNamesBucket, isAwsEndpoint, isLoopbackHost } from './s3-endpoint';

// One schema for the Packages form, used by the browser (zodResolver) and the server.
// Error messages are keys of the `Validation` namespace in messages/*.json, never prose.

export { PACKAGES_FIELDS, type PackagesField } from './fields';

export const MAX_FIELD_LENGTH = 2048;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const text = () =>
  string({ error: 'required' }).check(
    maxLength(MAX_FIELD_LENGTH, { error: 'tooLong', abort: true }),
    trim(),
    refine((value) => !CONTROL_CHARACTERS.test(value), { error: 'controlCharacters', abort: true }),
  );

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

function rule(check: (value: string) => string | null, required: string) {
  return text().check(
    superRefine((value, ctx) => {
      const problem = value === '' ? required : check(value);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: value });
    }),
  );
}

const regionSchema = text().check(
  refine((value) => value === '' || /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/.test(value), { error: 'regionInvalid' }),
);

export const pathStyleSchema = oneOf(['auto', 'path', 'virtual'], { error: 'pathStyleInvalid' });

const common = {
  version: int({ error: 'versionInvalid' }).check(minimum(0, { error: 'versionInvalid' })),
  confirmStorageChange: optional(boolean()),
};

export interface PackagesSchemaOptions {
  /** A secret is already stored, so a blank secret field means "keep it". */
  secretStored: boolean;
  /**
   * The access key the stored secret belongs to. A blank secret keeps it only for that key: a secret
   * is issued with its key ID, so a new key with the old secret can only fail. (A new service URL may
   * well reach the same storage, and SigV4 never sends the secret itself, so that keeps it.)
   */
  storedSecretFor?: { accessKey: string };
}

export function createPackagesSettingsSchema({ secretStored, storedSecretFor }: PackagesSchemaOptions) {
  const secretKey = text().check(
    superRefine((value, ctx) => {
      if (value === '' && !secretStored) ctx.issues.push({ code: 'custom', message: 'secretKeyRequired', input: value });
      if (value.length > 256) ctx.issues.push({ code: 'custom', message: 'secretKeyLength', input: value });
    }),
  );
  const enabled = strictObject({
    enabled: literal(true),
    serviceUrl: rule(serviceUrlProblem, 'serviceUrlRequired'),
    bucket: rule(bucketNameProblem, 'bucketRequired'),
    accessKey: rule(accessKeyProblem, 'accessKeyRequired'),
    secretKey,
    region: regionSchema,
    pathStyle: pathStyleSchema,
    ...common,
  }).check(
    superRefine((value, ctx) => {
      const problem = accessKeyProblem(value.accessKey, value.serviceUrl);
      if (problem === 'accessKeyLengthAws') ctx.issues.push({ code: 'custom', message: problem, input: value.accessKey, path: ['accessKey'] });
      const newKey = storedSecretFor !== undefined && value.accessKey !== storedSecretFor.accessKey.trim();
      if (secretStored && value.secretKey === '' && newKey) {
        ctx.issues.push({ code: 'custom', message: 'secretKeyRequiredForChange', input: value.secretKey, path: ['secretKey'] });
      }
    }),
  );
  // Disabling only flips the switch: the stored storage fields are kept, so these are not validated.
  const disabled = strictObject({
    enabled: literal(false),
    serviceUrl: optional(text()),
    bucket: optional(text()),
    accessKey: optional(text()),
    secretKey: optional(text()),
    region: optional(text()),
    pathStyle: optional(string().check(maxLength(16, { error: 'pathStyleInvalid' }))),
    ...common,
  });
  return discriminatedUnion('enabled', [enabled, disabled], { error: 'enabledInvalid' });
}

export type PackagesSettingsSchema = ReturnType<typeof createPackagesSettingsSchema>;
export type PackagesSettingsInput = input<PackagesSettingsSchema>;
export type PackagesSettingsSubmission = output<PackagesSettingsSchema>;

export interface FieldProblem {
  field: PackagesField | null;
  code: string;
}

/** Flattens zod issues to one problem per field (the first), keyed by message code. */
export function fieldProblems(error: { issues: readonly core.$ZodIssue[] }): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const head = issue.path[0];
    const field = PACKAGES_FIELDS.includes(head as PackagesField) ? (head as PackagesField) : null;
    const code = issue.code === 'unrecognized_keys' ? 'unknownField' : issue.message;
    const key = `${field}:${field ? '' : code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ field, code: isKnownCode(code) ? code : 'invalid' });
  }
  return problems;
}

export const VALIDATION_CODES = [
  'required', 'invalid', 'tooLong', 'controlCharacters', 'unknownField', 'enabledInvalid', 'versionInvalid',
  'serviceUrlRequired', 'serviceUrlInvalid', 'serviceUrlHttps', 'serviceUrlCredentials', 'serviceUrlQuery', 'serviceUrlPath', 'serviceUrlHasBucket', 'serviceUrlLinkLocal',
  'bucketRequired', 'bucketLength', 'bucketCharacters', 'bucketEdges', 'bucketDoubleDot', 'bucketIpAddress', 'bucketPrefix', 'bucketSuffix',
  'accessKeyRequired', 'accessKeyLength', 'accessKeyLengthAws', 'accessKeyCharacters',
  'secretKeyRequired', 'secretKeyRequiredForChange', 'secretKeyLength', 'regionInvalid', 'pathStyleInvalid',
] as const;

function isKnownCode(code: string): boolean {
  return (VALIDATION_CODES as readonly string[]).includes(code);
}
