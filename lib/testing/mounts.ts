import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Real read-only and full filesystems for the data directory. Root ignores file permissions, so only
// a mount can make a directory unwritable for it. Needs root and mount(8); callers skip otherwise.

function run(...args: string[]): void {
  execFileSync(args[0]!, args.slice(1), { stdio: 'pipe', timeout: 10_000 });
}

/** Whether this process may mount (root, and mount(8) works here): probed once with a throwaway tmpfs. */
export function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(path.join(tmpdir(), 'mount-probe-'));
  try {
    run('mount', '-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe);
    run('umount', probe);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** Makes `dir` read-only in place (a read-only bind mount over itself). */
export function makeReadOnly(dir: string): void {
  run('mount', '--bind', dir, dir);
  run('mount', '-o', 'remount,bind,ro', dir);
}

export function mountTmpfs(dir: string, sizeKb: number): void {
  run('mount', '-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir);
}

/** Fills the filesystem holding `dir` until it has no space left; returns the filler's path. */
export function fillUp(dir: string): string {
  const filler = path.join(dir, 'filler');
  const chunk = Buffer.alloc(4096);
  try {
    for (;;) writeFileSync(filler, chunk, { flag: 'a' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  return filler;
}

/** Lazy unmount, so a process that still has a file open there cannot make cleanup fail. */
export function unmount(dir: string): void {
  run('umount', '-l', dir);
}
