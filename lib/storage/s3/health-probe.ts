import 'server-only';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { HealthOperation, HealthProbeOptions, HealthProbeResult } from '@/lib/health/types';
import { checkAgents } from '@/lib/storage/check/check-agents';
import { healthRefused, probeStorageHealth } from '@/lib/storage/check/health-probe';
import type { Permission } from '@/lib/storage/check/types';
import { classifyError, isServerRejection } from './check/classify-error';
import { checkIssueOf } from './check/check-credentials';
import { createCheckClient } from './check/s3-client';
import type { StorageTarget } from './check/target';
import { appliedS3Credentials } from './credentials/applied-credentials';
import { effectiveRegion } from './endpoint';
import { authModeOf } from './type';

// The S3 health probe (the steps: lib/storage/check/health-probe.ts), one S3 call per operation.

const PERMISSION: Record<HealthOperation, Permission> = {
  list: 's3:ListBucket',
  write: 's3:PutObject',
  read: 's3:GetObject',
  delete: 's3:DeleteObject',
};

export async function probeS3Health(target: StorageTarget, options: HealthProbeOptions): Promise<HealthProbeResult> {
  const region = effectiveRegion(target.serviceUrl, target.region);
  const obtained = await appliedS3Credentials(
    { mode: authModeOf(target), roleArn: target.roleArn ?? '', externalId: target.externalId ?? '', accessKey: target.accessKey, secretKey: target.secretKey },
    { serviceUrl: target.serviceUrl, region },
    options.timeoutMs,
  );
  // No credentials, no request: the failure is the list's, with the reason the check would give.
  if (!obtained.ok) return healthRefused(checkIssueOf(obtained.issue));
  const { agents } = checkAgents(options.network, options.timeoutMs);
  const client = createCheckClient(target, options.timeoutMs, agents, obtained.credentials);
  const Bucket = target.bucket;
  try {
    return await probeStorageHealth(
      {
        endpoint: target.serviceUrl,
        nothingWritten: 'notRunNoObject',
        classify: (error, operation, facts) => classifyError(error, { serviceUrl: target.serviceUrl, region, ...facts, permission: PERMISSION[operation] }).issue,
        answered: { $metadata: { httpStatusCode: 200 } },
        list: async (Prefix, abortSignal) => {
          const out = await client.send(new ListObjectsV2Command({ Bucket, Prefix, MaxKeys: 5 }), { abortSignal });
          return (out.Contents ?? []).map((item) => item.Key ?? '').filter((key) => key.startsWith(Prefix));
        },
        write: (Key, Body, abortSignal) => client.send(new PutObjectCommand({ Bucket, Key, Body, ContentType: 'text/plain' }), { abortSignal }),
        read: async (Key, abortSignal) => {
          const out = await client.send(new GetObjectCommand({ Bucket, Key }), { abortSignal });
          return (await out.Body?.transformToString('utf8')) ?? '';
        },
        remove: (Key, abortSignal) => client.send(new DeleteObjectCommand({ Bucket, Key }), { abortSignal }),
        isRejection: isServerRejection,
      },
      options,
    );
  } finally {
    client.destroy();
    agents.destroy();
  }
}
