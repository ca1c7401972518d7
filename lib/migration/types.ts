import type { ObjectAccess } from '@/lib/storage/binding';

// What the migration engine takes and gives. It speaks only to ObjectAccess, so any storage type copies
// to any other. Failures carry codes, never sentences: the console words them in the admin's language.

export type { ObjectAccess };

/** Why one object failed; `cancelled` never appears in a result's failures. */
export type FailureCode =
  | 'throttled'
  | 'server-error'
  | 'connection'
  | 'timeout'
  | 'denied'
  | 'not-found'
  | 'client-error'
  | 'size-mismatch'
  | 'hash-mismatch'
  | 'missing'
  | 'unknown';

export interface ObjectFailure {
  key: string;
  code: FailureCode;
  /** The store's HTTP status, when it answered one. */
  status?: number;
}

export interface Totals {
  objects: number;
  bytes: number;
}

export interface PrefixInventory extends Totals {
  prefix: string;
}

/** Part of the storage: every key under `prefix` but those under an `exclude` prefix. */
export interface ScopeFilter {
  prefix: string;
  exclude: readonly string[];
}

/** A named part of the storage (one ecosystem's data). */
export interface Scope extends ScopeFilter {
  id: string;
}

export interface ScopeInventory extends Totals {
  id: string;
}

export type Phase = 'copy' | 'verify';

export interface Progress {
  phase: Phase;
  objectsDone: number;
  objectsTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes moved per second so far in this phase (objects skipped as already proven not counted). */
  bytesPerSecond: number;
  /** null until the rate is known. */
  secondsLeft: number | null;
}

export interface RetryOptions {
  /** Attempts per object, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RunOptions {
  source: ObjectAccess;
  target: ObjectAccess;
  /** What is copied: the scopes are meant not to overlap. */
  scopes: readonly ScopeFilter[];
  /** The resume manifest (JSON lines), under the console's data directory. */
  journalPath: string;
  /** Objects in flight at once (default 16). */
  concurrency?: number;
  retry?: Partial<RetryOptions>;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** From a previous inventory: spares listing the source once more for the totals. */
  totals?: Totals;
  /** The copy calls it with each object it proved on the target (not those skipped as proven before). */
  onCopied?: (key: string) => void;
  /** The verify reads back only these keys (the counts are still compared as a whole). */
  only?: ReadonlySet<string>;
  /**
   * The source is still being written (uploads go on): the verify proves what the manifest says was copied
   * and is unchanged at the source since; what is newer is left to the final copy, and counts are not compared.
   */
  live?: boolean;
}

/** One object proven on the target, as the resume manifest records it. */
export interface ProvenObject {
  key: string;
  size: number;
  /** The source's change marker when it was copied. */
  marker: string;
  sha256: string;
}

// Measured on Ceph RGW with objects of 1 KB to 8 MB (npm run bench:migrate): 16 in flight moved 80 to
// 85 MB/s, 12 moved 76 and 8 moved 71; most objects are small, so time goes to each request's round trip.
export const DEFAULT_CONCURRENCY = 16;
export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 250, maxDelayMs: 15_000 };
