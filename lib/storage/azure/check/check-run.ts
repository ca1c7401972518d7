import 'server-only';
import type { RecordingRun } from '@/lib/storage/check/record';
import type { RunAll } from '@/lib/storage/check/run-all';
import type { AzureIssueTarget } from './target';
import type { ProbeNames } from './probe-keys';
import type { AzureProbeContext } from './probes';
import type { AzureOperation } from '../sas';

/** One Azure check in progress: shared by its rounds (probe-rounds.ts) and its cleanup (cleanup.ts). */
export interface AzureRun extends RecordingRun<AzureIssueTarget, AzureOperation> {
  probe: AzureProbeContext;
  names: ProbeNames;
  /** The container's URL for an anonymous visitor. */
  anonymousUrl: string;
  /** Put Blob succeeded, or its outcome is unknown. */
  blobMayExist: boolean;
  /** What became of the block blob: staged = uncommitted blocks that must not be left behind. */
  blockBlob: 'none' | 'staged' | 'committed' | 'unknown';
  /** Sends a round's independent requests: all at once, or one by one for the benchmark. */
  all: RunAll;
}
