import 'server-only';
import type { HealthOperation, HealthProbeOptions, HealthProbeResult } from '@/lib/health/types';
import { checkAgents } from '@/lib/storage/check/check-agents';
import { healthRefused, probeStorageHealth } from '@/lib/storage/check/health-probe';
import { classifyContext, createContainerClient } from './check/azure-client';
import type { AzureTarget } from './check/target';
import { classifyAzureError, isAzureRejection } from './check/classify-error';
import { parseConnectionString } from './connection-string';
import { ROW_LEVEL_PROBLEMS } from './problems';
import type { AzureOperation } from './sas';

// The Azure health probe (the steps: lib/storage/check/health-probe.ts): List Blobs, Put Blob, Get
// Blob and Delete Blob.

const OPERATION: Record<HealthOperation, AzureOperation> = { list: 'List Blobs', write: 'Put Blob', read: 'Get Blob', delete: 'Delete Blob' };

export async function probeAzureHealth(target: AzureTarget, options: HealthProbeOptions): Promise<HealthProbeResult> {
  const reading = parseConnectionString(target.connectionString);
  // As in the check: a problem that only affects some operations (a SAS lacking a letter) lets the probe run.
  const refusal = reading.problems.find((problem) => !ROW_LEVEL_PROBLEMS.has(problem.code));
  // Nothing can be sent (an expired SAS, a damaged string): the list fails with that reason.
  if (!reading.value || refusal) return healthRefused(refusal ?? { code: 'unexpectedUnnamed' });
  const parsed = reading.value;
  const { agents } = checkAgents(options.network, options.timeoutMs);
  const container = createContainerClient(parsed, target.containerName, options.timeoutMs, agents);
  try {
    return await probeStorageHealth(
      {
        endpoint: parsed.blobEndpoint,
        nothingWritten: 'notRunNoBlob',
        classify: (error, operation, facts) =>
          classifyAzureError(error, { ...classifyContext(parsed, agents), ...facts, permission: OPERATION[operation] }).issue,
        answered: { statusCode: 200 },
        list: async (prefix, abortSignal) => {
          const page = await container.listBlobsFlat({ prefix, abortSignal }).byPage({ maxPageSize: 5 }).next();
          return page.done ? [] : (page.value.segment?.blobItems ?? []).map((item) => item.name);
        },
        write: (name, body, abortSignal) => container.getBlockBlobClient(name).upload(body, Buffer.byteLength(body), { abortSignal, blobHTTPHeaders: { blobContentType: 'text/plain' } }),
        read: async (name, abortSignal) => (await container.getBlockBlobClient(name).downloadToBuffer(0, undefined, { abortSignal })).toString('utf8'),
        remove: (name, abortSignal) => container.getBlockBlobClient(name).delete({ abortSignal }),
        isRejection: isAzureRejection,
      },
      options,
    );
  } finally {
    agents.destroy();
  }
}
