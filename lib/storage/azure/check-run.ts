import 'server-only';
import type { RunAll } from '@/lib/storage/check/run-all';
import { PROBE_PREFIX } from '@/lib/storage/check/probe-prefix';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AzureClassified } from './classify-error';
import type { AzureIssueTarget } from './check-types';
import type { CheckReport } from '@/lib/storage/check/report';
import type { AzureProbeContext } from './probes';
import type { Outcome } from '@/lib/storage/check/outcome';
import type { AzureOperation } from './sas';

// The state one check carries through its rounds (check-rounds.ts) and its cleanup (check-cleanup.ts).

export interface ProbeNames {
  /** Written by Put Blob, read by Get Blob; a delete of it before it exists proves Delete Blob. */
  blob: string;
  /** Built from a staged block: Put Block, Get Block List, Put Block List. */
  blockBlob: string;
  blockId: string;
  body: string;
}

export interface AzureRun {
  report: CheckReport<AzureIssueTarget, AzureOperation>;
  probe: AzureProbeContext;
  names: ProbeNames;
  /** The container's URL for an anonymous visitor. */
  anonymousUrl: string;
  /** Put Blob succeeded, or its outcome is unknown. */
  blobMayExist: boolean;
  /** What became of the block blob: staged = uncommitted blocks that must not be left behind. */
  blockBlob: 'none' | 'staged' | 'committed' | 'unknown';
  classify: (error: unknown, operation?: AzureOperation) => AzureClassified;
  /** Sends a round's independent requests: all at once, or one by one for the benchmark. */
  all: RunAll;
}

export function newProbeNames(): ProbeNames {
  const id = randomUUID();
  return {
    blob: `${PROBE_PREFIX}${id}`,
    blockBlob: `${PROBE_PREFIX}${id}.blocks`,
    // Block IDs are base64 of equal-length strings within a blob.
    blockId: Buffer.from(`console-check-${id.slice(0, 8)}`).toString('base64'),
    // Random content, so a Get Blob that returns a cached or foreign blob is caught.
    body: `console storage check ${randomBytes(16).toString('hex')}\n`,
  };
}

/** Records one outcome against one row; returns whether it passed. */
export function record(run: AzureRun, operation: AzureOperation, outcome: Outcome<unknown>): boolean {
  if (outcome.ok) {
    run.report.pass(operation);
    return true;
  }
  const { fatal, issue } = run.classify(outcome.error, operation);
  if (fatal) run.report.setFatal(issue);
  else run.report.fail(operation, issue);
  return false;
}
