import { setMaxListeners } from 'node:events';
import type { ObjectInfo } from '@/lib/storage/binding';
import { classify, failureOf, MigrationError } from './errors';
import { hashObject } from './hashing';
import { listScopes, scopeTotals } from './inventory';
import { openJournal } from './journal';
import { forEachLimited, listenersFor } from './pool';
import { progressMeter } from './progress';
import { withRetry } from './retry';
import { DEFAULT_CONCURRENCY, DEFAULT_RETRY, type ObjectFailure, type ProvenObject, type RunOptions } from './types';

// Proof, not trust in a successful upload: every target object is read back and its size and SHA-256
// compared with the source's (from the manifest when the source is unchanged since the copy, else by
// reading the source again), and the counts of the scopes compared. A target object changed
// behind the run's back fails here.

export interface VerifyResult {
  sourceObjects: number;
  targetObjects: number;
  verified: number;
  /** Live verify only: objects new or changed at the source since the copy, left to the final copy. */
  deferred: number;
  /** Per object: missing, size-mismatch, hash-mismatch, or the cause it could not be read for. */
  mismatches: ObjectFailure[];
  countsMatch: boolean;
  cancelled: boolean;
}

async function expected(options: RunOptions, object: ObjectInfo, proven: ProvenObject | undefined): Promise<{ size: number; sha256: string }> {
  if (proven && proven.marker === object.marker && proven.size === object.size) return proven;
  const source = await hashObject(options.source, object.key, options.signal);
  return { size: source.bytes, sha256: source.sha256 };
}

async function verifyObject(options: RunOptions, object: ObjectInfo, proven: ProvenObject | undefined): Promise<void> {
  const want = await expected(options, object, proven);
  let got;
  try {
    got = await hashObject(options.target, object.key, options.signal);
  } catch (error) {
    if (classify(error).code === 'not-found') throw new MigrationError('missing');
    throw error;
  }
  if (got.bytes !== want.size || got.size !== want.size) throw new MigrationError('size-mismatch');
  if (got.sha256 !== want.sha256) throw new MigrationError('hash-mismatch');
}

export async function verifyObjects(options: RunOptions): Promise<VerifyResult> {
  const { source, target, scopes, signal } = options;
  const sourceTotals = options.totals ?? (await scopeTotals(source, scopes, signal));
  const targetTotals = await scopeTotals(target, scopes, signal);
  const journal = await openJournal(options.journalPath);
  // Read only: the manifest is closed at once, nothing is appended by a verify.
  await journal.close();
  const meter = progressMeter('verify', sourceTotals, options.onProgress);
  const result: VerifyResult = { sourceObjects: 0, targetObjects: targetTotals.objects, verified: 0, deferred: 0, mismatches: [], countsMatch: false, cancelled: false };
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  if (signal) setMaxListeners(listenersFor(options), signal);
  const listing = listScopes(source, scopes, signal);
  try {
    await forEachLimited(
      listing,
      options.concurrency ?? DEFAULT_CONCURRENCY,
      async (object) => {
        result.sourceObjects += 1;
        if (options.only && !options.only.has(object.key)) {
          meter.done(object.size, 0);
          return;
        }
        const proven = journal.proven.get(object.key);
        if (options.live && !(proven && proven.marker === object.marker && proven.size === object.size)) {
          result.deferred += 1;
          meter.done(object.size, 0);
          return;
        }
        try {
          // A mismatch is a finding, not a glitch: only a transient failure to read is tried again.
          await withRetry(() => verifyObject(options, object, proven), { ...retry }, signal);
          result.verified += 1;
        } catch (error) {
          if (!signal?.aborted) result.mismatches.push(failureOf(object.key, error));
        }
        meter.done(object.size, object.size);
      },
      signal,
    );
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
  result.cancelled = signal?.aborted ?? false;
  // Live, the counts move with every upload: the final copy compares them, with uploads held.
  result.countsMatch = !result.cancelled && (options.live === true || result.sourceObjects === result.targetObjects);
  meter.report();
  return result;
}
