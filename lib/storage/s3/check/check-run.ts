import type { RecordingRun } from '@/lib/storage/check/record';
import type { RunAll } from '@/lib/storage/check/run-all';
import type { ProbeKeys } from './probe-keys';
import type { ProbeContext } from './probes';
import type { StorageTarget } from './target';

/** One S3 check in progress: shared by its rounds (probe-rounds.ts) and its cleanup (cleanup.ts). */
export interface CheckRun extends RecordingRun {
  target: StorageTarget;
  keys: ProbeKeys;
  probe: ProbeContext;
  /** PutObject succeeded, or its outcome is unknown. */
  objectMayExist: boolean;
  /** CreateMultipartUpload succeeded (id), or its outcome is unknown (id null). */
  upload: { id: string | null } | null;
  /** An object already in the bucket, seen by the list (read-proof.ts). */
  foreignKey?: string | null;
  /** Runs a round's independent requests: all at once, or one after another for the benchmark. */
  all: RunAll;
}
