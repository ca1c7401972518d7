import 'server-only';
import { checkAgents } from '@/lib/storage/check/check-agents';
import { certificateExpiryWarning, explainEndpointFailure } from '@/lib/storage/check/network-findings';
import { DEFAULT_CHECK_TIMEOUT_MS, startDeadline } from '@/lib/storage/check/deadline';
import { forgetRemoval, rememberRemoval, removalEpoch, removalProven } from '@/lib/storage/check/proven-removal';
import { runInParallel, type RunAll } from '@/lib/storage/check/run-all';
import { classifyAzureError } from './classify-error';
import { anonymousContainerUrl, createContainerClient } from './check-client';
import { AZURE_OPERATIONS, type AzureOperation } from './sas';
import { cleanUpAzure } from './check-cleanup';
import { CheckReport } from '@/lib/storage/check/report';
import { containerRound, readRound, writeRound } from './check-rounds';
import { newProbeNames, type AzureRun } from './check-run';
import type { AzureCheckIssue, AzureCheckOptions, AzureCheckResult, AzureIssueTarget, AzureTarget } from './check-types';
import { parseConnectionString } from './connection-string';
import { containerNameProblem } from './container-name';
import { ROW_LEVEL_PROBLEMS, type AzureProblem } from './problems';

// Proves a container name and connection string can do what GitHub Packages does with Azure Blob
// Storage, one row per Blob REST operation (rounds: check-rounds.ts). A connection string that can
// authorize nothing (malformed, an expired SAS) is refused before any request is sent.


function asIssue(problem: AzureProblem, field: AzureCheckIssue['field']): AzureCheckIssue {
  return problem.params ? { code: problem.code, field, params: problem.params } : { code: problem.code, field };
}

export function runAzureStorageCheck(target: AzureTarget, options: AzureCheckOptions = {}): Promise<AzureCheckResult> {
  return runAzureStorageCheckWith(runInParallel, target, options);
}

/** The check with its rounds' requests sent by `all`: the benchmark compares parallel with one-by-one. */
export async function runAzureStorageCheckWith(all: RunAll, target: AzureTarget, options: AzureCheckOptions = {}): Promise<AzureCheckResult> {
  const startedAt = performance.now();
  const report = new CheckReport<AzureIssueTarget, AzureOperation>(AZURE_OPERATIONS);
  const reading = parseConnectionString(target.connectionString, options.now);
  const nameProblem = containerNameProblem(target.containerName);
  for (const warning of reading.warnings) report.warn(asIssue(warning, 'azureConnectionString'));
  const refusal = reading.problems.find((problem) => !ROW_LEVEL_PROBLEMS.has(problem.code));
  if (refusal || nameProblem || !reading.value) {
    if (refusal) report.setFatal(asIssue(refusal, 'azureConnectionString'));
    if (nameProblem) report.setFatal(asIssue(nameProblem, 'azureContainerName'));
    return report.finish(Math.round(performance.now() - startedAt));
  }
  for (const problem of reading.problems) report.error(asIssue(problem, 'azureConnectionString'));

  const parsed = reading.value;
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const deadline = startDeadline(timeoutMs, options.signal);
  const { network, agents } = checkAgents(options.network, timeoutMs);
  const run: AzureRun = {
    report,
    probe: { container: createContainerClient(parsed, target.containerName, timeoutMs, agents), signal: deadline.signal, agents },
    names: newProbeNames(),
    all,
    anonymousUrl: anonymousContainerUrl(parsed, target.containerName),
    blobMayExist: false,
    blockBlob: 'none',
    classify: (error, operation) =>
      classifyAzureError(error, {
        blobEndpoint: parsed.blobEndpoint,
        credential: parsed.credential.kind,
        timeoutMs,
        timedOut: deadline.timedOut(),
        cancelled: deadline.cancelled(),
        permission: operation,
        proxyFailure: agents.log.proxyFailure,
        reservedRefusal: agents.log.reservedRefusal,
      }),
  };
  // Proven deletion of these credentials on this container (minutes ago) lets the writes go with the
  // listing: three rounds instead of four. The command line runs one check per process, so it always proves.
  const identity = [parsed.blobEndpoint, target.containerName, target.connectionString];
  const epoch = removalEpoch(identity);
  const proven = options.reuseCleanupProof !== false && removalProven(identity);
  try {
    if (proven) await run.all([() => containerRound(run, false), () => writeRound(run, true)]);
    else await containerRound(run);
    if (!proven && !report.fatal) await writeRound(run);
    if (!report.fatal) await readRound(run);
  } finally {
    await cleanUpAzure(run, deadline.remainingMs());
    agents.destroy();
  }
  const endpoint = { url: parsed.blobEndpoint, field: 'azureConnectionString', notServiceCode: 'notBlobEndpoint' } as const;
  await explainEndpointFailure(report, endpoint, network, deadline);
  const expiring = certificateExpiryWarning(agents.log, endpoint);
  if (expiring) report.warn(expiring);
  const [proxy] = agents.log.proxies;
  const result = report.finish(Math.round(performance.now() - startedAt), proxy);
  if (result.ok) rememberRemoval(identity, epoch);
  else if (report.status('Delete Blob') !== 'pass') forgetRemoval(identity);
  return result;
}
