import { textOf, type FieldValues, type StorageType } from '../types';
import { S3_AUTH_MODES, type S3AuthMode } from './credentials/auth-settings';
import { deriveRegion, effectivePathStyle } from './endpoint';

// Amazon S3, and the S3-compatible stores (MinIO, Ceph) that go through it with their own service URL.

const ENDPOINTS_DOC = 'https://docs.aws.amazon.com/general/latest/gr/rande.html';
const IAM_DOC = 'https://docs.aws.amazon.com/iam/index.html';

const ROLES_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use.html';

/** A settings file or request without a mode means access keys, the behaviour before there were modes. */
export function authModeOf(values: FieldValues<S3Values>): S3AuthMode {
  return values.authMode === 'assume-role' || values.authMode === 'instance' ? values.authMode : 'keys';
}
/** Exactly this mode (an invalid one is none of them: its own error is enough). */
const modeIs = (values: FieldValues<S3Values>, mode: S3AuthMode) => (values.authMode ?? 'keys') === mode;
const keysFilled = (values: FieldValues<S3Values>) => textOf(values, 'accessKey').trim() !== '';

/** The seven permissions the seed documents require, in the documents' order. */
export const S3_PERMISSIONS = [
  's3:PutObject',
  's3:GetObject',
  's3:ListBucketMultipartUploads',
  's3:ListMultipartUploadParts',
  's3:AbortMultipartUpload',
  's3:DeleteObject',
  's3:ListBucket',
] as const;

export const S3_TYPE = {
  id: 's3',
  namespace: 'S3Storage',
  subjectField: 'bucket',
  checkRows: S3_PERMISSIONS,
  notes: ['compatibleHint', 'intro'],
  typeLabel: 'typeLabel',
  permissionsDoc: 'https://docs.aws.amazon.com/AmazonS3/latest/user-guide/set-permissions.html',
  passed: 'passed',
  prerequisites: 'prerequisites',
  subjectText: 'subject',
  fields: [
    {
      name: 'serviceUrl',
      settingsKey: 'secrets.packages.service-url',
      apiName: 'service_url',
      input: 'url',
      required: true,
      help: 'serviceUrlHelp',
      helpLink: ENDPOINTS_DOC,
      placeholder: 'https://s3.us-west-2.amazonaws.com',
    },
    { name: 'bucket', settingsKey: 'secrets.packages.s3-bucket', apiName: 's3_bucket', input: 'text', required: true, help: 'bucketHelp' },
    // Console extension: how the console authenticates (the real console knows access keys only).
    {
      name: 'authMode',
      settingsKey: 'app.packages.s3-auth-mode',
      apiName: 's3_auth_mode',
      input: 'select',
      choices: S3_AUTH_MODES,
      choiceLabels: { keys: 'authModeKeys', 'assume-role': 'authModeAssumeRole', instance: 'authModeInstance' },
      cliFlag: 'auth',
      help: 'authModeHelp',
      absentMeansDefault: true,
    },
    {
      name: 'accessKey',
      settingsKey: 'secrets.packages.aws-access-key',
      apiName: 'aws_access_key',
      input: 'text',
      required: true,
      // With a role the keys are optional: without them the role is assumed with the server's identity.
      requiredWhen: (values) => modeIs(values, 'keys'),
      shownWhen: (values) => authModeOf(values) !== 'instance',
      help: 'accessKeyHelp',
    },
    {
      name: 'secretKey',
      settingsKey: 'secrets.packages.aws-secret-key',
      apiName: 'aws_secret_key',
      input: 'password',
      secret: true,
      required: true,
      requiredWhen: (values) => modeIs(values, 'keys') || (modeIs(values, 'assume-role') && keysFilled(values)),
      shownWhen: (values) => authModeOf(values) !== 'instance',
      secretEnv: 'CONSOLE_S3_SECRET_KEY',
      help: 'secretKeyHelp',
      helpLink: IAM_DOC,
      storedNote: 'secretKeyStored',
      storedPlaceholder: 'secretKeyStoredPlaceholder',
    },
    {
      name: 'roleArn',
      settingsKey: 'app.packages.s3-role-arn',
      apiName: 's3_role_arn',
      input: 'text',
      requiredWhen: (values) => modeIs(values, 'assume-role'),
      shownWhen: (values) => authModeOf(values) === 'assume-role',
      help: 'roleArnHelp',
      helpLink: ROLES_DOC,
      placeholder: 'arn:aws:iam::123456789012:role/github-packages',
      absentMeansDefault: true,
    },
    {
      name: 'externalId',
      settingsKey: 'app.packages.s3-external-id',
      apiName: 's3_external_id',
      input: 'text',
      shownWhen: (values) => authModeOf(values) === 'assume-role',
      help: 'externalIdHelp',
      absentMeansDefault: true,
    },
    // Console extensions (the real console derives these from the URL); '' / 'auto' keep that behaviour.
    {
      name: 'region',
      settingsKey: 'app.packages.s3-region',
      apiName: 's3_region',
      input: 'text',
      advanced: true,
      help: 'regionHelp',
      placeholder: (values) => deriveRegion(textOf(values, 'serviceUrl')),
      messageParams: (values) => ({ region: deriveRegion(textOf(values, 'serviceUrl')) }),
    },
    {
      name: 'pathStyle',
      settingsKey: 'app.packages.s3-path-style',
      apiName: 's3_path_style',
      input: 'select',
      choices: ['auto', 'path', 'virtual'],
      choiceLabels: { auto: 'pathStyleAuto', path: 'pathStylePath', virtual: 'pathStyleVirtual' },
      advanced: true,
      messageParams: (values) => ({ style: effectivePathStyle(textOf(values, 'serviceUrl'), 'auto') ? 'path' : 'virtual' }),
    },
  ],
} as const satisfies StorageType<S3Values>;

/** The S3 fields' values, as the settings model holds them. */
export type S3Values = {
  serviceUrl: string;
  bucket: string;
  // Absent in settings written before there were modes: access keys, no role.
  authMode?: S3AuthMode;
  roleArn?: string; // used with 'assume-role'
  externalId?: string; // '' = none
  accessKey: string;
  secretKey: string;
  region: string; // '' = auto (derived from the service URL)
  pathStyle: 'auto' | 'path' | 'virtual';
};
