import 'server-only';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

// Helpers that make a write survive a crash or power loss at any instant. They go through the
// `fs` default export (not named imports) so tests can inject a failure at every step.

export interface WriteOptions {
  /** Permission bits of the new file. Without it an existing target keeps its mode. */
  mode?: number;
}

export interface ExclusiveOptions extends WriteOptions {
  /**
   * false: skip the fsyncs. For a lock file, which must be complete when other processes see it
   * (it is: link(2) publishes a finished file) but need not survive a power loss, after which it is stale anyway.
   */
  durable?: boolean;
}

// Some platforms and filesystems cannot fsync a directory; the rename is then as durable as
// the platform allows, which is no reason to report a write that did happen as failed.
const DIR_SYNC_UNSUPPORTED = new Set(['EINVAL', 'ENOTSUP', 'EISDIR', 'EPERM', 'EBADF']);

function tempPathFor(file: string): string {
  const dir = path.dirname(file);
  const unique = `${process.pid}.${randomBytes(6).toString('hex')}`;
  // Same directory as the target: rename(2) is only atomic within one filesystem.
  return path.join(dir, `.${path.basename(file)}.${unique}.tmp`);
}

async function existingMode(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** fsyncs a directory so a rename, link or create inside it survives a power loss. */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!DIR_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Writes and fsyncs `data` to a fresh temp file next to `file`; returns the temp path. */
async function writeTempFile(file: string, data: string | Uint8Array, mode: number | undefined, durable = true): Promise<string> {
  const temp = tempPathFor(file);
  let handle: fs.FileHandle | undefined;
  try {
    // 'wx' so a leftover temp file (or an attacker's symlink) is never followed or reused.
    handle = await fs.open(temp, 'wx', mode ?? 0o666);
    // chmod explicitly: the open mode is filtered by the umask, the caller asked for exact bits.
    if (mode !== undefined) await handle.chmod(mode);
    await handle.writeFile(data);
    if (durable) await handle.sync();
    await handle.close();
    handle = undefined;
    return temp;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Replaces `file` with `data` so that a crash at any instant leaves either the old or the new
 * content, never a torn or empty file.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const mode = options.mode ?? (await existingMode(file));
  const temp = await writeTempFile(file, data, mode);
  try {
    await fs.rename(temp, file);
    // Without this the rename itself may be lost on power failure, resurrecting the old file.
    await fsyncDirectory(path.dirname(file));
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Creates `file` with `data` only if it does not exist yet, atomically: other processes see
 * either no file or the complete one. Returns false when the file already existed.
 */
export async function createFileExclusive(file: string, data: string | Uint8Array, options: ExclusiveOptions = {}): Promise<boolean> {
  const durable = options.durable ?? true;
  const temp = await writeTempFile(file, data, options.mode, durable);
  try {
    // link(2) fails with EEXIST instead of replacing, which is what makes two racing creators safe.
    await fs.link(temp, file);
    if (durable) await fsyncDirectory(path.dirname(file));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

/** Appends one line and fsyncs it, so an entry that was reported written survives a crash. */
export async function appendLineDurable(file: string, line: string, options: WriteOptions = {}): Promise<void> {
  if (line.includes('\n')) throw new Error('appendLineDurable: the line must not contain a newline');
  const handle = await fs.open(file, 'a+', options.mode ?? 0o666);
  try {
    // A crash mid-append can leave a fragment without its newline; start on a fresh line so the
    // fragment stays its own (skippable) line instead of corrupting this one.
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.appendFile(`${prefix}${line}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
