import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { s3 } from './support';

// An S3 user whose secret key is a unique marker, so the leak check can look for that exact string.
// Made with radosgw-admin on the test Ceph gateway (scripts/with-s3.sh exports S3_TEST_DIR).

export async function createMarkerUser(uid: string, accessKey: string, secretKey: string): Promise<void> {
  const dir = process.env.S3_TEST_DIR;
  if (!dir) throw new Error('S3_TEST_DIR is not set: run the e2e tests through scripts/with-s3.sh (npm run test:e2e)');
  await promisify(execFile)(
    'radosgw-admin',
    ['-c', path.join(dir, 'ceph.conf'), '-n', 'client.admin', 'user', 'create', `--uid=${uid}`, `--display-name=${uid}`, `--access-key=${accessKey}`, `--secret-key=${secretKey}`],
    { timeout: 60_000 },
  );
}

export async function createBucketAs(bucket: string, accessKey: string, secretKey: string): Promise<void> {
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: accessKey, secretAccessKey: secretKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    requestHandler: { requestTimeout: 10_000 },
  });
  try {
    // A freshly made user can take a moment to reach the gateway's cache.
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
