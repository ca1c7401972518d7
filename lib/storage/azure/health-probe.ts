import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { readCertificateExpiry } from '@/lib/health/certificate-expiry';
import { contentMismatch, measureOperation, notRunAfterList, notRunOperation, type MeasuredRun } from '@/lib/health/measure';
import type { HealthOperation, HealthProbeOptions, HealthProbeResult } from '@/lib/health/types';
import type { StorageAgents } from '@/lib/network/storage-agent';
import { checkAgents } from '@/lib/storage/check/check-agents';
import { startDeadline } from '@/lib/storage/check/deadline';
import { HEALTH_PREFIX } from '@/lib/storage/console-prefixes';
import { createContainerClient } from './check-client';
import type { AzureTarget } from './check-types';
import { classifyAzureError, isAzureRejection } from './classify-error';
import { parseConnectionString, type ParsedConnectionString } from './connection-string';
import { ROW_LEVEL_PROBLEMS } from './problems';
import type { AzureOperation } from './sas';

// The Azure health probe: List Blobs, then one small blob written (Put Blob), read back (Get Blob,
// content compared) and deleted (Delete Blob), one request at a time so each latency is its own.

const OPERATION: Record<HealthOperation, AzureOperation> = { list: 'List Blobs', write: 'Put Blob', read: 'Get Blob', delete: 'Delete Blob' };

interface ProbeRun extends MeasuredRun {
  parsed: ParsedConnectionString;
  container: ContainerClient;
  timeoutMs: number;
  agents: StorageAgents;
}

function measure<T>(run: ProbeRun, operation: HealthOperation, send: (signal: AbortSignal) => Promise<T>) {
  return measureOperation(run, operation, send, (error) =>
    classifyAzureError(error, {
      blobEndpoint: run.parsed.blobEndpoint,
      credential: run.parsed.credential.kind,
      timeoutMs: run.timeoutMs,
      timedOut: run.deadline.timedOut(),
      cancelled: run.deadline.cancelled(),
      permission: OPERATION[operation],
      proxyFailure: run.agents.log.proxyFailure,
      reservedRefusal: run.agents.log.reservedRefusal,
    }).issue,
  );
}

export async function probeAzureHealth(target: AzureTarget, options: HealthProbeOptions): Promise<HealthProbeResult> {
  const reading = parseConnectionString(target.connectionString);
  // As in the check: a problem that only affects some operations (a SAS lacking a letter) lets the probe run.
  const refusal = reading.problems.find((problem) => !ROW_LEVEL_PROBLEMS.has(problem.code));
  if (!reading.value || refusal) {
    // Nothing can be sent (an expired SAS, a damaged string): the list fails with that reason.
    const operations = notRunAfterList([{ operation: 'list', status: 'fail', code: refusal?.code ?? 'unexpectedUnnamed', latencyMs: null, ...(refusal?.params ? { params: refusal.params } : {}) }]);
    return { operations, certificateExpiresAt: null };
  }
  const { agents } = checkAgents(options.network, options.timeoutMs);
  try {
    return await probeWith(reading.value, target, options, agents);
  } finally {
    agents.destroy();
  }
}

async function probeWith(parsed: ParsedConnectionString, target: AzureTarget, options: HealthProbeOptions, agents: StorageAgents): Promise<HealthProbeResult> {
  const run: ProbeRun = {
    parsed,
    container: createContainerClient(parsed, target.containerName, options.timeoutMs, agents),
    deadline: startDeadline(options.timeoutMs, options.signal),
    timeoutMs: options.timeoutMs,
    agents,
    operations: [],
  };
  const certificate = readCertificateExpiry(parsed.blobEndpoint, Math.min(options.timeoutMs, 5_000));
  const name = `${HEALTH_PREFIX}${randomUUID()}`;
  const body = `console storage health ${randomBytes(8).toString('hex')}\n`;
  const blob = run.container.getBlockBlobClient(name);
  const listed = await measure(run, 'list', async (abortSignal) => {
    const page = await run.container.listBlobsFlat({ prefix: HEALTH_PREFIX, abortSignal }).byPage({ maxPageSize: 5 }).next();
    return page.done ? [] : (page.value.segment?.blobItems ?? []).map((item) => item.name);
  });
  if (!listed.ok && run.deadline.signal.aborted) {
    return { operations: notRunAfterList(run.operations), certificateExpiresAt: await certificate };
  }
  const written = await measure(run, 'write', (abortSignal) => blob.upload(body, Buffer.byteLength(body), { abortSignal, blobHTTPHeaders: { blobContentType: 'text/plain' } }));
  if (written.ok) {
    await measure(run, 'read', async (abortSignal) => {
      const text = (await blob.downloadToBuffer(0, undefined, { abortSignal })).toString('utf8');
      if (text !== body) throw contentMismatch({ statusCode: 200 });
    });
  } else {
    notRunOperation(run.operations, 'read', 'notRunNoBlob');
  }
  // Deleted whenever the write may have landed: a rejected write created nothing.
  if (written.ok || !isAzureRejection(written.error)) await measure(run, 'delete', (abortSignal) => blob.delete({ abortSignal }));
  else notRunOperation(run.operations, 'delete', 'notRunNoBlob');
  // A probe an earlier check could not delete (permission revoked then restored) goes now, unmeasured.
  for (const stale of listed.ok ? listed.value : []) {
    await run.container.getBlockBlobClient(stale).delete({ abortSignal: run.deadline.signal }).catch(() => undefined);
  }
  return { operations: run.operations, certificateExpiresAt: await certificate };
}
