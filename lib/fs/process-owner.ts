import 'server-only';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';

// Who holds a lock file: the PID, the PID's start time and a per-process token. Shared by the
// configuration-run lock and the settings lock, so a lock left by a killed process is recognised as
// stale even when a restarted server gets the same PID again (as it often does in a container).

export interface LockOwner {
  pid: number;
  startTime: string | null;
  instance: string;
}

const INSTANCE_KEY = Symbol.for('packages-console.process-instance');
type Holder = { [INSTANCE_KEY]?: string };

/** A token for this process. On globalThis: Next.js may bundle this module several times in one process. */
export function processInstance(): string {
  const holder = globalThis as Holder;
  holder[INSTANCE_KEY] ??= randomBytes(8).toString('hex');
  return holder[INSTANCE_KEY];
}

/** The kernel's start time of a process (Linux /proc), which changes when a PID is reused; null elsewhere. */
export async function processStartTime(pid: number): Promise<string | null> {
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 22, counted after the parenthesised command name (which may itself contain spaces).
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether a process with this PID exists (EPERM: it does, owned by someone else). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This process, as a lock names its owner. */
export async function currentOwner(): Promise<LockOwner> {
  return { pid: process.pid, startTime: await processStartTime(process.pid), instance: processInstance() };
}

/** Whether the process that took a lock is still the one running. */
export async function ownerAlive(owner: LockOwner): Promise<boolean> {
  if (owner.pid === process.pid) return owner.instance === processInstance();
  if (owner.pid <= 0 || !pidExists(owner.pid)) return false;
  if (owner.startTime === null) return true;
  return (await processStartTime(owner.pid)) === owner.startTime;
}
