import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { readCertificateExpiry } from '@/lib/health/certificate-expiry';
import type { HealthOperation, HealthProbeOptions, HealthProbeResult, OperationOutcome } from '@/lib/health/types';
import type { StorageAgents } from '@/lib/network/storage-agent';
import { checkAgents } from '@/lib/storage/check/check-agents';
import { startDeadline, type Deadline } from '@/lib/storage/check/deadline';
import { createContainerClient } from './check-client';
import type { AzureTarget } from './check-types';
import { classifyAzureError, isAzureRejection } from './classify-error';
import { parseConnectionString, type ParsedConnectionString } from './connection-string';
import { ROW_LEVEL_PROBLEMS } from './problems';
import type { AzureOperation } from './sas';

// The Azure health probe: List Blobs, then one small blob written (Put Blob), read back (Get Blob,
// content compared) and deleted (Delete Blob), one request at a time so each latency is its own.

/** Health probes write only here, apart from the storage check's probes. */
export const AZURE_HEALTH_PREFIX = '.console-health/';

const OPERATION: Record<HealthOperation, AzureOperation> = { list: 'List Blobs', write: 'Put Blob', read: 'Get Blob', delete: 'Delete Blob' };

interface ProbeRun {
  parsed: ParsedConnectionString;
  container: ContainerClient;
  deadline: Deadline;
  timeoutMs: number;
  agents: StorageAgents;
  operations: OperationOutcome[];
}

async function measure<T>(run: ProbeRun, operation: HealthOperation, send: (signal: AbortSignal) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  const started = performance.now();
  try {
    const value = await send(run.deadline.signal);
    run.operations.push({ operation, status: 'pass', latencyMs: Math.round(performance.now() - started) });
    return { ok: true, value };
  } catch (error) {
    const { issue } = classifyAzureError(error, {
      blobEndpoint: run.parsed.blobEndpoint,
      credential: run.parsed.credential.kind,
      timeoutMs: run.timeoutMs,
      timedOut: run.deadline.timedOut(),
      cancelled: run.deadline.cancelled(),
      permission: OPERATION[operation],
      proxyFailure: run.agents.log.proxyFailure,
      reservedRefusal: run.agents.log.reservedRefusal,
    });
    const code = (error as { name?: string }).name === 'ContentMismatch' ? 'objectMismatch' : issue.code;
    const params = { ...issue.params, ...(issue.permission ? { permission: issue.permission } : {}) };
    const outcome: OperationOutcome = { operation, status: 'fail', code, latencyMs: Math.round(performance.now() - started) };
    run.operations.push(Object.keys(params).length > 0 ? { ...outcome, params } : outcome);
    return { ok: false, error };
  }
}

function notRun(operations: OperationOutcome[], operation: HealthOperation, code: string): void {
  operations.push({ operation, status: 'not-run', code, latencyMs: null });
}

export async function probeAzureHealth(target: AzureTarget, options: HealthProbeOptions): Promise<HealthProbeResult> {
  const reading = parseConnectionString(target.connectionString);
  // As in the check: a problem that only affects some operations (a SAS lacking a letter) lets the probe run.
  const refusal = reading.problems.find((problem) => !ROW_LEVEL_PROBLEMS.has(problem.code));
  if (!reading.value || refusal) {
    // Nothing can be sent (an expired SAS, a damaged string): the list fails with that reason.
    const operations: OperationOutcome[] = [{ operation: 'list', status: 'fail', code: refusal?.code ?? 'unexpectedUnnamed', latencyMs: null, ...(refusal?.params ? { params: refusal.params } : {}) }];
    for (const operation of ['write', 'read', 'delete'] as const) notRun(operations, operation, 'notRunEarlierFailure');
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
  const name = `${AZURE_HEALTH_PREFIX}${randomUUID()}`;
  const body = `console storage health ${randomBytes(8).toString('hex')}\n`;
  const blob = run.container.getBlockBlobClient(name);
  const listed = await measure(run, 'list', async (abortSignal) => {
    const page = await run.container.listBlobsFlat({ prefix: AZURE_HEALTH_PREFIX, abortSignal }).byPage({ maxPageSize: 5 }).next();
    return page.done ? [] : (page.value.segment?.blobItems ?? []).map((item) => item.name);
  });
  if (!listed.ok && run.deadline.signal.aborted) {
    for (const operation of ['write', 'read', 'delete'] as const) notRun(run.operations, operation, 'notRunEarlierFailure');
    return { operations: run.operations, certificateExpiresAt: await certificate };
  }
  const written = await measure(run, 'write', (abortSignal) => blob.upload(body, Buffer.byteLength(body), { abortSignal, blobHTTPHeaders: { blobContentType: 'text/plain' } }));
  if (written.ok) {
    await measure(run, 'read', async (abortSignal) => {
      const text = (await blob.downloadToBuffer(0, undefined, { abortSignal })).toString('utf8');
      if (text !== body) throw Object.assign(new Error('read back other content'), { name: 'ContentMismatch', statusCode: 200 });
    });
  } else {
    notRun(run.operations, 'read', 'notRunNoBlob');
  }
  // Deleted whenever the write may have landed: a rejected write created nothing.
  if (written.ok || !isAzureRejection(written.error)) await measure(run, 'delete', (abortSignal) => blob.delete({ abortSignal }));
  else notRun(run.operations, 'delete', 'notRunNoBlob');
  // A probe an earlier check could not delete (permission revoked then restored) goes now, unmeasured.
  for (const stale of listed.ok ? listed.value : []) {
    await run.container.getBlockBlobClient(stale).delete({ abortSignal: run.deadline.signal }).catch(() => undefined);
  }
  return { operations: run.operations, certificateExpiresAt: await certificate };
}
