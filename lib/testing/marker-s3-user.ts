import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

// An S3 user whose secret key is a unique marker, so a leak check can look for that exact string.
// Made with radosgw-admin on the test Ceph gateway that scripts/with-s3.sh started (S3_TEST_DIR).

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through scripts/with-s3.sh`);
  return value;
}

async function radosgwAdmin(args: string[]): Promise<void> {
  const conf = path.join(required('S3_TEST_DIR'), 'ceph.conf');
  await promisify(execFile)('radosgw-admin', ['-c', conf, '-n', 'client.admin', ...args], { timeout: 60_000 });
}

export async function createMarkerUser(uid: string, accessKey: string, secretKey: string): Promise<void> {
  await radosgwAdmin(['user', 'create', `--uid=${uid}`, `--display-name=${uid}`, `--access-key=${accessKey}`, `--secret-key=${secretKey}`]);
}

/** Revokes one S3 key of the user, as an admin rotating a leaked key would: the key is gone, the user stays. */
export async function removeUserKey(uid: string, accessKey: string): Promise<void> {
  await radosgwAdmin(['key', 'rm', `--uid=${uid}`, '--key-type=s3', `--access-key=${accessKey}`]);
}

/** Removes the user and the buckets it owns (with their objects). */
export async function removeMarkerUser(uid: string): Promise<void> {
  await radosgwAdmin(['user', 'rm', `--uid=${uid}`, '--purge-data']);
}

/** An S3 client of the test gateway signing with the given key. */
export function userClient(accessKey: string, secretKey: string): S3Client {
  return new S3Client({
    endpoint: required('S3_TEST_ENDPOINT'),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: accessKey, secretAccessKey: secretKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    requestHandler: { requestTimeout: 10_000 },
  });
}

export async function createBucketAs(bucket: string, accessKey: string, secretKey: string): Promise<void> {
  const client = userClient(accessKey, secretKey);
  try {
    // A user made a moment ago can take a moment to reach the gateway.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
        return;
      } catch (error) {
        if (attempt >= 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    client.destroy();
  }
}
