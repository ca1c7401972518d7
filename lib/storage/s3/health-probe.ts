import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { readCertificateExpiry } from '@/lib/health/certificate-expiry';
import { contentMismatch, measureOperation, notRunAfterList, notRunOperation, type MeasuredRun } from '@/lib/health/measure';
import type { HealthOperation, HealthProbeOptions, HealthProbeResult } from '@/lib/health/types';
import { checkAgents } from '@/lib/storage/check/check-agents';
import { startDeadline } from '@/lib/storage/check/deadline';
import { HEALTH_PREFIX } from '@/lib/storage/console-prefixes';
import type { Permission } from '@/lib/storage/check/types';
import { classifyError, isServerRejection } from './check/classify-error';
import { checkIssueOf } from './check/check-credentials';
import { createCheckClient } from './check/s3-client';
import type { StorageTarget } from './check/target';
import { appliedS3Credentials } from './credentials/applied-credentials';
import { effectiveRegion } from './endpoint';
import { authModeOf } from './type';

// The S3 health probe: cheaper than the seven-permission check and leaves nothing behind. One list,
// then one small object written, read back (content compared) and deleted, one request at a time so
// each latency is that operation's own.

const PERMISSION: Record<HealthOperation, Permission> = {
  list: 's3:ListBucket',
  write: 's3:PutObject',
  read: 's3:GetObject',
  delete: 's3:DeleteObject',
};

interface ProbeRun extends MeasuredRun {
  target: StorageTarget;
  timeoutMs: number;
}

function measure<T>(run: ProbeRun, operation: HealthOperation, send: (signal: AbortSignal) => Promise<T>) {
  return measureOperation(run, operation, send, (error) =>
    classifyError(error, {
      serviceUrl: run.target.serviceUrl,
      region: effectiveRegion(run.target.serviceUrl, run.target.region),
      timeoutMs: run.timeoutMs,
      timedOut: run.deadline.timedOut(),
      cancelled: run.deadline.cancelled(),
      permission: PERMISSION[operation],
    }).issue,
  );
}

export async function probeS3Health(target: StorageTarget, options: HealthProbeOptions): Promise<HealthProbeResult> {
  const obtained = await appliedS3Credentials(
    { mode: authModeOf(target), roleArn: target.roleArn ?? '', externalId: target.externalId ?? '', accessKey: target.accessKey, secretKey: target.secretKey },
    { serviceUrl: target.serviceUrl, region: effectiveRegion(target.serviceUrl, target.region) },
    options.timeoutMs,
  );
  if (!obtained.ok) {
    // No credentials, no request: the failure is the list's, with the reason the check would give.
    const { code, params } = checkIssueOf(obtained.issue);
    const operations = notRunAfterList([{ operation: 'list', status: 'fail', code, latencyMs: null, ...(params ? { params } : {}) }]);
    return { operations, certificateExpiresAt: null };
  }
  const { agents } = checkAgents(options.network, options.timeoutMs);
  const client = createCheckClient(target, options.timeoutMs, agents, obtained.credentials);
  const run: ProbeRun = { target, deadline: startDeadline(options.timeoutMs, options.signal), timeoutMs: options.timeoutMs, operations: [] };
  const Bucket = target.bucket;
  const Key = `${HEALTH_PREFIX}${randomUUID()}`;
  const body = `console storage health ${randomBytes(8).toString('hex')}\n`;
  const certificate = readCertificateExpiry(target.serviceUrl, Math.min(options.timeoutMs, 5_000));
  try {
    const listed = await measure(run, 'list', async (signal) => {
      const out = await client.send(new ListObjectsV2Command({ Bucket, Prefix: HEALTH_PREFIX, MaxKeys: 5 }), { abortSignal: signal });
      return (out.Contents ?? []).map((item) => item.Key ?? '').filter((key) => key.startsWith(HEALTH_PREFIX));
    });
    if (!listed.ok && run.deadline.signal.aborted) {
      return { operations: notRunAfterList(run.operations), certificateExpiresAt: await certificate };
    }
    const written = await measure(run, 'write', (signal) => client.send(new PutObjectCommand({ Bucket, Key, Body: body, ContentType: 'text/plain' }), { abortSignal: signal }));
    if (written.ok) {
      await measure(run, 'read', async (signal) => {
        const out = await client.send(new GetObjectCommand({ Bucket, Key }), { abortSignal: signal });
        const text = (await out.Body?.transformToString('utf8')) ?? '';
        if (text !== body) throw contentMismatch({ $metadata: { httpStatusCode: 200 } });
      });
    } else {
      notRunOperation(run.operations, 'read', 'notRunNoObject');
    }
    // Deleted whenever the write may have landed: a rejected write created nothing.
    if (written.ok || !isServerRejection(written.error)) {
      await measure(run, 'delete', (signal) => client.send(new DeleteObjectCommand({ Bucket, Key }), { abortSignal: signal }));
    } else {
      notRunOperation(run.operations, 'delete', 'notRunNoObject');
    }
    // A probe an earlier check could not delete (permission revoked then restored) goes now, unmeasured.
    for (const stale of listed.ok ? listed.value : []) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: stale }), { abortSignal: run.deadline.signal }).catch(() => undefined);
    }
    return { operations: run.operations, certificateExpiresAt: await certificate };
  } finally {
    client.destroy();
    agents.destroy();
  }
}
