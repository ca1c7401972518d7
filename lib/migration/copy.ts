import { setMaxListeners } from 'node:events';
import { PART_BYTES, type ObjectInfo } from '@/lib/storage/binding';
import { classify, failureOf, MigrationError } from './errors';
import { hashing } from './hashing';
import { listScopes, scopeTotals } from './inventory';
import { openJournal, type Journal } from './journal';
import { forEachLimited, listenersFor, type Budget } from './pool';
import { progressMeter, type ProgressMeter } from './progress';
import { withRetry } from './retry';
import { DEFAULT_CONCURRENCY, DEFAULT_RETRY, type ObjectFailure, type RunOptions } from './types';

// The copy: every object of the scopes streamed from the source to the target, hashed on the way,
// each one proven recorded in the resume manifest. Objects the manifest already proves, unchanged at the
// source since, are skipped. The source is only listed and read, never written or removed.

export interface CopyResult {
  /** Objects listed at the source. */
  objects: number;
  copied: number;
  /** Already proven on the target by an earlier run, unchanged at the source. */
  skipped: number;
  /** Listed, then deleted at the source before it was read: not copied, not a failure. */
  vanished: number;
  /** Bytes read from the source, retries included. */
  bytesMoved: number;
  failures: ObjectFailure[];
  cancelled: boolean;
  /** The copy gave up: object after object failed on a storage that stopped answering (the rest was not tried). */
  unreachable: boolean;
}

/**
 * An object larger than a part holds one in memory while the next fills; a smaller one streams. So at most
 * eight large objects are in flight however many small ones stream beside them: memory stays bounded at
 * any concurrency.
 */
const MEMORY_BUDGET: Budget<ObjectInfo> = { total: 8, shareOf: (object) => (object.size > PART_BYTES ? 1 : 0) };

/** Objects in a row that failed to connect or time out, each after its retries, before the copy gives up on the rest. */
export const UNREACHABLE_STREAK = 16;
const UNREACHABLE_CODES = new Set(['connection', 'timeout']);

interface CopyContext {
  options: RunOptions;
  journal: Journal;
  meter: ProgressMeter;
  result: CopyResult;
  /** Failures in a row of a storage that does not answer; a success resets it. */
  streak: number;
  giveUp: AbortController;
}

/** Deleted at the source between its listing and its read: nothing to copy (a final copy removes it from the target). */
class VanishedAtSource extends MigrationError {
  constructor() {
    super('not-found');
  }
}

async function openSource(context: CopyContext, object: ObjectInfo) {
  try {
    return await context.options.source.openRead(object.key, context.options.signal);
  } catch (error) {
    if (classify(error).code === 'not-found') throw new VanishedAtSource();
    throw error;
  }
}

async function copyObject(context: CopyContext, object: ObjectInfo): Promise<void> {
  const { target, signal } = context.options;
  const read = await openSource(context, object);
  const hashed = hashing(read.body, (bytes) => {
    context.result.bytesMoved += bytes;
  });
  try {
    await target.write(object.key, hashed.stream, { size: read.size, contentType: read.contentType, metadata: read.metadata, signal });
  } finally {
    // Whatever the target did not take (a failed or cancelled write) goes back: no socket left open.
    hashed.stream.destroy();
  }
  const { bytes, sha256 } = hashed.result();
  if (bytes !== read.size) throw new MigrationError('size-mismatch');
  // The listing's marker: should the object change between listing and read, the next run copies it again.
  context.journal.add({ key: object.key, size: bytes, marker: object.marker, sha256 });
  context.options.onCopied?.(object.key);
}

async function handle(context: CopyContext, object: ObjectInfo): Promise<void> {
  const { result, meter, options } = context;
  result.objects += 1;
  const proven = context.journal.proven.get(object.key);
  if (proven && proven.marker === object.marker && proven.size === object.size) {
    result.skipped += 1;
    meter.done(object.size, 0);
    return;
  }
  const before = result.bytesMoved;
  try {
    await withRetry(() => copyObject(context, object), { ...DEFAULT_RETRY, ...options.retry }, options.signal);
    result.copied += 1;
    context.streak = 0;
    meter.done(object.size, result.bytesMoved - before);
  } catch (error) {
    if (options.signal?.aborted) return;
    if (error instanceof VanishedAtSource) {
      result.vanished += 1;
      meter.done(object.size, result.bytesMoved - before);
      return;
    }
    const failure = failureOf(object.key, error);
    result.failures.push(failure);
    context.streak = UNREACHABLE_CODES.has(failure.code) ? context.streak + 1 : 0;
    // Going on would only fail every remaining object the same way, slowly: a resume copies the rest.
    if (context.streak >= UNREACHABLE_STREAK) context.giveUp.abort();
  }
}

export async function copyObjects(options: RunOptions): Promise<CopyResult> {
  const totals = options.totals ?? (await scopeTotals(options.source, options.scopes, options.signal));
  const journal = await openJournal(options.journalPath);
  const result: CopyResult = { objects: 0, copied: 0, skipped: 0, vanished: 0, bytesMoved: 0, failures: [], cancelled: false, unreachable: false };
  const giveUp = new AbortController();
  const context: CopyContext = { options, journal, meter: progressMeter('copy', totals, options.onProgress), result, streak: 0, giveUp };
  const stop = options.signal ? AbortSignal.any([options.signal, giveUp.signal]) : giveUp.signal;
  // Every object in flight listens to the cancel (its read, its write, their streams): more than Node's default of 10.
  setMaxListeners(listenersFor(options), stop, ...(options.signal ? [options.signal] : []));
  const listing = listScopes(options.source, options.scopes, stop);
  try {
    await forEachLimited(listing, options.concurrency ?? DEFAULT_CONCURRENCY, (object) => handle(context, object), stop, MEMORY_BUDGET);
  } catch (error) {
    // A listing cut short by the cancel (or by giving up) is that, not a failure of its own.
    if (!stop.aborted) throw error;
  } finally {
    await journal.close();
  }
  result.cancelled = options.signal?.aborted ?? false;
  result.unreachable = giveUp.signal.aborted && !result.cancelled;
  context.meter.report();
  return result;
}
