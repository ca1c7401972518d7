import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createBucket, escapeRegExp, s3 } from './support';

// Buckets for the storage-move specs: seeded straight through the gateway, under the npm ecosystem's folder.

export const PREFIX = 'packages-services/npm/e2e-move/';
export const SEEDED = ['a.tgz', 'b.tgz', 'c/metadata.json'];

function client() {
  return new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}

export async function keys(bucket: string): Promise<string[]> {
  const s3Client = client();
  try {
    const listed = await s3Client.send(new ListObjectsV2Command({ Bucket: bucket }));
    return (listed.Contents ?? []).map((entry) => entry.Key ?? '').sort();
  } finally {
    s3Client.destroy();
  }
}

/** A bucket holding exactly `seed` (objects a previous run of this spec left are removed first). */
export async function bucketWith(name: string, seed: string[]): Promise<string> {
  await createBucket(name);
  const s3Client = client();
  try {
    const old = await s3Client.send(new ListObjectsV2Command({ Bucket: name }));
    if (old.Contents?.length) await s3Client.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: old.Contents.map((entry) => ({ Key: entry.Key })) } }));
    for (const key of seed) await s3Client.send(new PutObjectCommand({ Bucket: name, Key: `${PREFIX}${key}`, Body: `content of ${key}` }));
  } finally {
    s3Client.destroy();
  }
  return name;
}

/** The part of a message before its first placeholder, as a pattern. */
export const lead = (message: string) => new RegExp(escapeRegExp(message.split('{')[0] ?? ''));
