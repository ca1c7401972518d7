import fs from 'node:fs';

// The data directory's small files (session key, password record, settings, lockout, run lock, …) were
// read and validated several times per request. Under load that was a large share of a request's CPU:
// each fs.promises.readFile is four thread-pool round trips plus a FileHandle, and a missing file throws
// an error with a stack trace. A reader made here stats the file (one synchronous metadata call on a
// local directory, no exception when it is missing) and reads and parses it again only when the stat
// changed. Every write in this app replaces a file by rename or creates it anew, which changes the inode
// and the change time, so a new content is seen on the very next read, also when another process (the
// cli) wrote it. Nothing is cached when a file is missing or fails to parse.
//
// File times come from a coarse clock (a few ms; seconds on some filesystems), and a freed inode may be
// reused: two writes close together could leave the same signature. So, as git does with "racily clean"
// index entries, a file changed within the last SETTLE_MS is read every time and only cached once its
// times are safely in the past, where any later write must give it a later time.
const SETTLE_MS = 2000;

export type FileSignature = string;

/** Inode, size, mode and nanosecond change and modification times: any write or chmod changes at least one. */
export function fileSignature(stat: fs.BigIntStats): FileSignature {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mode}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/** The file's stat, or null when it does not exist. Other errors (EACCES, …) are thrown with their `code`. */
export function statOrNull(file: string): fs.BigIntStats | null {
  return fs.statSync(file, { bigint: true, throwIfNoEntry: false }) ?? null;
}

/** Shared between requests, so made read-only: a caller changing a cached value would change it for everyone. */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}

export type ParseFile<T> = (raw: string, stat: fs.BigIntStats, file: string) => T | Promise<T>;

export interface CachedReaderOptions {
  settleMs?: number;
  /** The caller's own error for a file that exists but cannot be read (EACCES, EIO, …), by errno code. */
  readError?: (code: string, file: string) => Error;
}

/**
 * A reader of files parsed with `parse`: null when the file does not exist (also when it vanished between
 * stat and read), else the parsed value, from cache while the file's stat is unchanged. Parse errors reach
 * the caller as thrown; read errors as `readError` makes them, or with their `code`.
 */
export function cachedFileReader<T>(parse: ParseFile<T>, { settleMs = SETTLE_MS, readError }: CachedReaderOptions = {}): (file: string) => Promise<T | null> {
  const entries = new Map<string, { signature: FileSignature; value: T }>();
  const fail = (error: unknown, file: string): never => {
    const code = (error as NodeJS.ErrnoException).code;
    throw readError ? readError(code ?? 'unknown error', file) : error;
  };
  return async (file) => {
    let stat: fs.BigIntStats | null;
    let raw: string;
    try {
      stat = statOrNull(file);
      if (!stat) {
        entries.delete(file);
        return null;
      }
      const hit = entries.get(file);
      if (hit?.signature === fileSignature(stat)) return hit.value;
      raw = await fs.promises.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      return fail(error, file);
    }
    const signature = fileSignature(stat);
    const value = deepFreeze(await parse(raw, stat, file));
    const changedNs = stat.ctimeNs > stat.mtimeNs ? stat.ctimeNs : stat.mtimeNs;
    if (changedNs < BigInt(Date.now() - settleMs) * 1_000_000n) entries.set(file, { signature, value });
    else entries.delete(file);
    return value;
  };
}
