import 'server-only';
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { PROBE_PREFIX } from '@/lib/storage/s3/check/probe-keys';
import type { Permission, StorageCheckResult } from '@/lib/storage/check/types';
import type { StorageTarget } from '@/lib/storage/s3/check/target';

// Integration-test helpers for the local Ceph RADOS Gateway started by scripts/with-s3.sh.
// The owner creates buckets and writes bucket policies; the probe user is what gets checked.

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through scripts/with-s3.sh`);
  return value;
}

export const s3Env = {
  get endpoint() {
    return required('S3_TEST_ENDPOINT');
  },
  get region() {
    return process.env.S3_TEST_REGION || 'us-east-1';
  },
  user(kind: 'OWNER' | 'PROBE' | 'OTHER') {
    return { accessKey: required(`S3_TEST_${kind}_ACCESS_KEY`), secretKey: required(`S3_TEST_${kind}_SECRET_KEY`) };
  },
};

export const PROBE_ARN = 'arn:aws:iam:::user/probe';

export function ownerClient(): S3Client {
  const { accessKey, secretKey } = s3Env.user('OWNER');
  return new S3Client({
    endpoint: s3Env.endpoint,
    region: s3Env.region,
    forcePathStyle: true,
    credentials: { accessKeyId: accessKey, secretAccessKey: secretKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Unique per run, so reruns against a kept server never see an old bucket. */
export function bucketName(label: string): string {
  return `sc-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}-${label}`.slice(0, 63);
}

export function probeTarget(bucket: string, overrides: Partial<StorageTarget> = {}): StorageTarget {
  const { accessKey, secretKey } = s3Env.user('PROBE');
  return { serviceUrl: s3Env.endpoint, bucket, accessKey, secretKey, region: '', pathStyle: 'auto', ...overrides };
}

type Statement = { Effect: 'Allow' | 'Deny'; Principal: unknown; Action: string[]; Resource: string[] };

function statement(effect: 'Allow' | 'Deny', principal: unknown, actions: string[], bucket: string): Statement {
  return { Effect: effect, Principal: principal, Action: actions, Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] };
}

const SEVEN: Permission[] = [
  's3:PutObject', 's3:GetObject', 's3:ListBucketMultipartUploads', 's3:ListMultipartUploadParts',
  's3:AbortMultipartUpload', 's3:DeleteObject', 's3:ListBucket',
];

export interface BucketSetup {
  /** Explicitly denied to the probe user, on top of the seven allowed. */
  deny?: Permission[];
  /** No grant at all for the probe user. */
  noGrant?: boolean;
  /** Anonymous GetObject + ListBucket. */
  publicRead?: boolean;
  /** Owner-written objects outside the probe prefix. */
  objects?: string[];
}

export async function createBucket(client: S3Client, bucket: string, setup: BucketSetup = {}): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  await setBucketPolicy(client, bucket, setup);
  for (const key of setup.objects ?? []) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'existing' }));
}

/** Replaces the bucket's policy with the grants and denials of `setup` (its `objects` are ignored). */
export async function setBucketPolicy(client: S3Client, bucket: string, setup: BucketSetup): Promise<void> {
  const statements: Statement[] = [];
  if (!setup.noGrant) statements.push(statement('Allow', { AWS: [PROBE_ARN] }, SEVEN, bucket));
  if (setup.deny?.length) statements.push(statement('Deny', { AWS: [PROBE_ARN] }, setup.deny, bucket));
  if (setup.publicRead) statements.push(statement('Allow', '*', ['s3:GetObject', 's3:ListBucket'], bucket));
  if (statements.length > 0) {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    await client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
  }
}

/** What the check left behind, seen by the owner: must always be empty. */
export async function leftovers(client: S3Client, bucket: string): Promise<string[]> {
  const objects = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: PROBE_PREFIX }));
  const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: PROBE_PREFIX }));
  return [
    ...(objects.Contents ?? []).map((item) => `object ${item.Key}`),
    ...(uploads.Uploads ?? []).map((upload) => `upload ${upload.Key} ${upload.UploadId}`),
  ];
}

/**
 * Empties and removes a test bucket (owner can always do this). A console under test may still be
 * probing the bucket (health monitor, a check in flight), so an object written between the listing
 * and the delete is emptied again rather than failing the test.
 */
export async function removeBucket(client: S3Client, bucket: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    for (const upload of uploads.Uploads ?? []) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }));
    }
    const objects = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const item of objects.Contents ?? []) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: item.Key }));
    try {
      await client.send(new DeleteBucketCommand({ Bucket: bucket }));
      return;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'BucketNotEmpty') || attempt >= 5) throw error;
    }
  }
}

/** `{ permission: status }`, which reads better in assertions than the row array. */
export function statuses(result: StorageCheckResult): Record<string, string> {
  return Object.fromEntries(result.permissions.map((row) => [row.permission, row.code ? `${row.status}:${row.code}` : row.status]));
}

export function allStatuses(value: string): Record<string, string> {
  return Object.fromEntries(SEVEN.map((permission) => [permission, value]));
}
