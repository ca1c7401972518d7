import type { Deadline } from '@/lib/storage/check/deadline';
import type { CheckReport } from '@/lib/storage/check/report';
import type { RunAll } from '@/lib/storage/check/run-all';
import type { Permission } from '@/lib/storage/check/types';
import type { ClassifiedError } from './classify-error';
import type { ProbeKeys } from './probe-keys';
import type { ProbeContext } from './probes';
import type { StorageTarget } from './target';

/** One S3 check in progress: shared by its rounds (probe-rounds.ts) and its cleanup (cleanup.ts). */
export interface CheckRun {
  target: StorageTarget;
  report: CheckReport;
  deadline: Deadline;
  keys: ProbeKeys;
  probe: ProbeContext;
  /** PutObject succeeded, or its outcome is unknown. */
  objectMayExist: boolean;
  /** CreateMultipartUpload succeeded (id), or its outcome is unknown (id null). */
  upload: { id: string | null } | null;
  /** An object already in the bucket, seen by the list (read-proof.ts). */
  foreignKey?: string | null;
  classify: (error: unknown, permission?: Permission) => ClassifiedError;
  /** Runs a round's independent requests: all at once, or one after another for the benchmark. */
  all: RunAll;
}
