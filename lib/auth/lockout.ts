import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { cachedFileReader } from '@/lib/fs/cached-file';
import { writeFileAtomic } from '@/lib/fs/atomic-write';
import { ensureDataDir } from '@/lib/fs/data-dir';

// Login lockout, counted per client address so that nobody can lock the administrator out from
// elsewhere: 10 failed attempts from one client (an IPv4 address, an IPv6 /64) within 10 minutes lock
// that client until its 10-minute window holds fewer than 10 failures. Guessing spread over many
// addresses meets a ceiling over all of them: past 50 failures in 10 minutes, password checks take turns
// (lib/auth/verify-root-password.ts) and the next one waits until the last failure is one delay old,
// 200 ms more for each failure beyond 50, up to 10 s: at most one wrong guess per delay from all addresses
// together. That slows guessing, locks nobody.
// The state lives on disk, written atomically, so neither a restart nor a crash clears it; `cli unlock` does.

export const MAX_FAILURES = 10;
export const WINDOW_MS = 10 * 60 * 1000;
export const SLOWDOWN_AFTER = 50;
export const SLOWDOWN_STEP_MS = 200;
export const MAX_SLOWDOWN_MS = 10_000;
/**
 * Bounds the file (about 100 bytes an address). Past it the least recent unlocked clients are forgotten; a
 * locked one never is before its lock ends, and a new address that finds only locked ones counts towards the
 * ceiling alone. The ceiling keeps far fewer in the file: about 135 failures fit in 10 minutes (50, then 49
 * growing delays, then one per 10 s), so at most 13 addresses can be locked at once.
 */
export const MAX_TRACKED_CLIENTS = 500;
// Failures beyond this many in the window can't make the delay longer.
const ALL_KEPT = SLOWDOWN_AFTER + MAX_SLOWDOWN_MS / SLOWDOWN_STEP_MS;

const times = (max: number) => z.array(z.number().int().min(0)).max(max);
const stateSchema = z.union([
  z.object({ format: z.literal(2), clients: z.record(z.string().max(64), times(MAX_FAILURES)), all: times(ALL_KEPT) }),
  // Written before failures were counted per client: they still count towards the ceiling.
  z.object({ format: z.literal(1), failures: times(MAX_FAILURES) }).transform(({ failures }) => ({ format: 2 as const, clients: {}, all: failures })),
]);

interface LockoutState {
  clients: Readonly<Record<string, readonly number[]>>;
  all: readonly number[];
}

export type LockoutStatus = { locked: false; failures: number; delayMs: number } | { locked: true; failures: number; retryAt: number };

export function lockoutFilePath(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'login-lockout.json');
}

/** Failures still inside the window, oldest first, at most the last `keep` (older ones can't matter). */
export function recentFailures(failures: readonly number[], now: number, keep = MAX_FAILURES): number[] {
  return failures
    .filter((time) => time > now - WINDOW_MS)
    .sort((a, b) => a - b)
    .slice(-keep);
}

/** A client is locked while its window holds MAX_FAILURES failures; it opens when the oldest of them leaves the window. */
export function statusOf(failures: readonly number[], now: number, delayMs = 0): LockoutStatus {
  const recent = recentFailures(failures, now);
  if (recent.length < MAX_FAILURES) return { locked: false, failures: recent.length, delayMs };
  return { locked: true, failures: recent.length, retryAt: (recent[0] ?? now) + WINDOW_MS };
}

/** How long every password check waits, given the failures of all clients. */
export function slowdownMs(all: readonly number[], now: number): number {
  const beyond = recentFailures(all, now, ALL_KEPT).length - SLOWDOWN_AFTER;
  return beyond < 0 ? 0 : Math.min(MAX_SLOWDOWN_MS, (beyond + 1) * SLOWDOWN_STEP_MS);
}

/** When the next password check may start: one current delay after the last failure (now when there is no delay). */
export function nextCheckAt(all: readonly number[], now: number): number {
  const delay = slowdownMs(all, now);
  if (delay === 0) return now;
  return Math.max(...recentFailures(all, now, ALL_KEPT)) + delay;
}

/**
 * Drops what left the window, then the least recent unlocked clients beyond MAX_TRACKED_CLIENTS. Locked
 * clients are all kept: forgetting one would unlock it.
 */
export function pruneState(state: LockoutState, now: number): LockoutState {
  const recent = Object.entries(state.clients)
    .map(([client, failures]) => [client, recentFailures(failures, now)] as const)
    .filter(([, failures]) => failures.length > 0);
  const locked = recent.filter(([, failures]) => failures.length >= MAX_FAILURES);
  const unlocked = recent.filter(([, failures]) => failures.length < MAX_FAILURES).sort(([, a], [, b]) => (a.at(-1) ?? 0) - (b.at(-1) ?? 0));
  const room = Math.max(0, MAX_TRACKED_CLIENTS - locked.length);
  const kept = [...locked, ...unlocked.slice(Math.max(0, unlocked.length - room))];
  return { clients: Object.fromEntries(kept), all: recentFailures(state.all, now, ALL_KEPT) };
}

// Read before every password check (each Manage API call): parsed again only when the file changed.
// A file that does not parse is remembered as 'unreadable', and still fails closed on every read below.
const readStateFile = cachedFileReader((raw) => {
  let json: unknown = null;
  try {
    json = JSON.parse(raw);
  } catch {}
  const parsed = stateSchema.safeParse(json);
  return parsed.success ? { clients: parsed.data.clients, all: parsed.data.all } : 'unreadable';
});

async function readState(env: ConsoleEnv): Promise<LockoutState | 'unreadable'> {
  const state = await readStateFile(lockoutFilePath(env)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null; // removed between stat and read
    throw error;
  });
  return state ?? { clients: {}, all: [] };
}

function reportUnreadable(env: ConsoleEnv): void {
  // Fail closed: a state file we can't read must not hand out fresh attempts. The operator clears it with `cli unlock`.
  console.error(`Login lockout state ${lockoutFilePath(env)} is unreadable: logins stay locked until \`npm run -s cli -- unlock\` clears it.`);
}

const lockedNow = (now: number): LockoutStatus => ({ locked: true, failures: MAX_FAILURES, retryAt: now + WINDOW_MS });

async function writeState(env: ConsoleEnv, state: LockoutState): Promise<void> {
  await ensureDataDir(env);
  await writeFileAtomic(lockoutFilePath(env), `${JSON.stringify({ format: 2, clients: state.clients, all: state.all })}\n`, { mode: 0o600 });
}

/** The lockout as it stands for `client` (see clientKey in lib/http/ip-address.ts), with the delay every check waits. */
export async function readLockoutStatus(client: string, env: ConsoleEnv = readConsoleEnv(), now = Date.now()): Promise<LockoutStatus> {
  const state = await readState(env);
  if (state === 'unreadable') {
    reportUnreadable(env);
    return lockedNow(now);
  }
  return statusOf(state.clients[client] ?? [], now, slowdownMs(state.all, now));
}

/** When the next password check may start (see nextCheckAt); now when the state file is unreadable (everyone is locked then). */
export async function readNextCheckAt(env: ConsoleEnv = readConsoleEnv(), now = Date.now()): Promise<number> {
  const state = await readState(env);
  return state === 'unreadable' ? now : nextCheckAt(state.all, now);
}

/**
 * Records a failure of `client`: towards its lockout and, unless `ceiling` is false, towards the ceiling.
 * A check out of turn records the two apart (lib/auth/verify-root-password.ts): its count at once, its
 * place in the ceiling's rate when its answer's turn comes (recordCeilingFailure).
 */
export async function recordFailure(client: string, env: ConsoleEnv = readConsoleEnv(), now = Date.now(), ceiling = true): Promise<LockoutStatus> {
  const state = await readState(env);
  if (state === 'unreadable') {
    reportUnreadable(env);
    return lockedNow(now);
  }
  const all = ceiling ? [...state.all, now] : state.all;
  const next = pruneState({ clients: { ...state.clients, [client]: [...(state.clients[client] ?? []), now] }, all }, now);
  await writeState(env, next);
  return statusOf(next.clients[client] ?? [], now, slowdownMs(next.all, now));
}

/** The ceiling's share of a failure whose client's share recordFailure(…, false) took earlier. */
export async function recordCeilingFailure(env: ConsoleEnv = readConsoleEnv(), now = Date.now()): Promise<void> {
  const state = await readState(env);
  if (state === 'unreadable') return reportUnreadable(env);
  await writeState(env, pruneState({ clients: state.clients, all: [...state.all, now] }, now));
}

/** A successful login starts this client's count again (not the ceiling's). Writes only when there is something to clear. */
export async function resetFailures(client: string, env: ConsoleEnv = readConsoleEnv(), now = Date.now()): Promise<void> {
  const state = await readState(env);
  if (state === 'unreadable' || !(client in state.clients)) return;
  const clients = { ...state.clients };
  delete clients[client];
  await writeState(env, pruneState({ clients, all: state.all }, now));
}

/** `cli unlock`: clears every client's failures and the ceiling (and a corrupt state file). Returns how many were cleared. */
export async function clearLockout(env: ConsoleEnv = readConsoleEnv(), now = Date.now()): Promise<number> {
  let cleared = 0;
  try {
    const state = await readState(env);
    if (state !== 'unreadable') cleared = recentFailures(state.all, now, ALL_KEPT).length;
  } finally {
    await writeState(env, { clients: {}, all: [] });
  }
  return cleared;
}

export function retryAfterSeconds(status: Extract<LockoutStatus, { locked: true }>, now = Date.now()): number {
  return Math.max(1, Math.ceil((status.retryAt - now) / 1000));
}
