import 'server-only';
import { runInParallel, type RunAll } from '@/lib/storage/check/run-all';
import { runCheckRounds, type CheckPlan } from '@/lib/storage/check/run-check';
import { deadlineFacts } from '@/lib/storage/check/deadline';
import { classifyAzureError } from './classify-error';
import { anonymousContainerUrl, classifyContext, createContainerClient } from './azure-client';
import { AZURE_OPERATIONS, type AzureOperation } from '../sas';
import { cleanUpAzure } from './cleanup';
import { CheckReport } from '@/lib/storage/check/report';
import { containerRound, readRound, writeRound } from './probe-rounds';
import type { AzureRun } from './check-run';
import { cleanupProofIdentity } from './cleanup-proof';
import { newProbeNames } from './probe-keys';
import type { AzureCheckIssue, AzureCheckOptions, AzureCheckResult, AzureIssueTarget, AzureTarget } from './target';
import { parseConnectionString } from '../connection-string';
import { containerNameProblem } from '../container-name';
import { ROW_LEVEL_PROBLEMS, type AzureProblem } from '../problems';

// Proves a container name and connection string can do what GitHub Packages does with Azure Blob
// Storage, one row per Blob REST operation, in the rounds of lib/storage/check/run-check.ts (Azure's
// requests: probe-rounds.ts). A connection string that can authorize nothing (malformed, an expired
// SAS) is refused before any request is sent.

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
  return runCheckRounds({ report, startedAt, options, all }, async ({ timeoutMs, deadline, agents }): Promise<CheckPlan<AzureIssueTarget, AzureOperation, void>> => {
    const run: AzureRun = {
      report,
      probe: { container: createContainerClient(parsed, target.containerName, timeoutMs, agents), signal: deadline.signal, agents },
      names: newProbeNames(),
      all,
      anonymousUrl: anonymousContainerUrl(parsed, target.containerName),
      blobMayExist: false,
      blockBlob: 'none',
      classify: (error, operation) => classifyAzureError(error, { ...classifyContext(parsed, agents), ...deadlineFacts(deadline, timeoutMs), permission: operation }),
    };
    return {
      endpoint: { url: parsed.blobEndpoint, field: 'azureConnectionString', notServiceCode: 'notBlobEndpoint' },
      // The command line runs one check per process, so it always proves.
      proofIdentity: cleanupProofIdentity(parsed, target),
      removalRows: ['Delete Blob'],
      rounds: { look: (prove) => containerRound(run, prove), write: (proven) => writeRound(run, proven), read: () => readRound(run) },
      cleanUp: (signal) => cleanUpAzure(run, signal),
    };
  });
}
