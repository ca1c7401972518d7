import type { StorageType } from '../types';
import { deriveRegion, effectivePathStyle } from './endpoint';

// Amazon S3, and the S3-compatible stores (MinIO, Ceph) that go through it with their own service URL.

const ENDPOINTS_DOC = 'https://docs.aws.amazon.com/general/latest/gr/rande.html';
const IAM_DOC = 'https://docs.aws.amazon.com/iam/index.html';

const serviceUrlOf = (values: Readonly<Record<string, unknown>>) => (typeof values.serviceUrl === 'string' ? values.serviceUrl : '');

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
    { name: 'accessKey', settingsKey: 'secrets.packages.aws-access-key', apiName: 'aws_access_key', input: 'text', required: true, help: 'accessKeyHelp' },
    {
      name: 'secretKey',
      settingsKey: 'secrets.packages.aws-secret-key',
      apiName: 'aws_secret_key',
      input: 'password',
      secret: true,
      required: true,
      secretEnv: 'CONSOLE_S3_SECRET_KEY',
      help: 'secretKeyHelp',
      helpLink: IAM_DOC,
      storedNote: 'secretKeyStored',
      storedPlaceholder: 'secretKeyStoredPlaceholder',
    },
    // Console extensions (the real console derives these from the URL); '' / 'auto' keep that behaviour.
    {
      name: 'region',
      settingsKey: 'app.packages.s3-region',
      apiName: 's3_region',
      input: 'text',
      advanced: true,
      help: 'regionHelp',
      placeholder: (values) => deriveRegion(serviceUrlOf(values)),
      messageParams: (values) => ({ region: deriveRegion(serviceUrlOf(values)) }),
    },
    {
      name: 'pathStyle',
      settingsKey: 'app.packages.s3-path-style',
      apiName: 's3_path_style',
      input: 'select',
      choices: ['auto', 'path', 'virtual'],
      choiceLabels: { auto: 'pathStyleAuto', path: 'pathStylePath', virtual: 'pathStyleVirtual' },
      advanced: true,
      messageParams: (values) => ({ style: effectivePathStyle(serviceUrlOf(values), 'auto') ? 'path' : 'virtual' }),
    },
  ],
} as const satisfies StorageType;

/** The S3 fields' values, as the settings model holds them. */
export type S3Values = {
  serviceUrl: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string; // '' = auto (derived from the service URL)
  pathStyle: 'auto' | 'path' | 'virtual';
};
