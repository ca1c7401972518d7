import 'server-only';
import { createHmac, randomBytes } from 'node:crypto';

// A check proves it may delete before it writes (a round trip of its own). Once a check with the same
// credentials on the same place passed (so it really removed what it wrote), the checks in the next
// 10 minutes skip that proof; should deletion be revoked meanwhile, their cleanup fails, says so, and
// the memory is dropped. Identities are kept only as HMACs under a key that exists in this process.

export const REMOVAL_PROOF_TTL_MS = 10 * 60_000;
const MAX_IDENTITIES = 64;

interface State {
  key: Buffer;
  proven: Map<string, number>;
  forgotten: Map<string, number>;
}

// On globalThis: Next.js may bundle this module more than once in the one server process.
const STATE_KEY = Symbol.for('packages-console.proven-removal');
type Holder = { [STATE_KEY]?: State };

function state(): State {
  const holder = globalThis as Holder;
  holder[STATE_KEY] ??= { key: randomBytes(32), proven: new Map(), forgotten: new Map() };
  return holder[STATE_KEY];
}

const digest = (identity: readonly string[]) => createHmac('sha256', state().key).update(JSON.stringify(identity), 'utf8').digest('base64url');

function trim(map: Map<string, number>): void {
  for (const oldest of map.keys()) {
    if (map.size <= MAX_IDENTITIES) break;
    map.delete(oldest);
  }
}

export function removalProven(identity: readonly string[], now = Date.now()): boolean {
  const expiresAt = state().proven.get(digest(identity));
  return expiresAt !== undefined && now < expiresAt;
}

/** Taken when a check starts, and handed back to rememberRemoval when it passes. */
export function removalEpoch(identity: readonly string[]): number {
  return state().forgotten.get(digest(identity)) ?? 0;
}

/** Remembers a pass, unless the proof was forgotten since `epoch` (a concurrent check saw deletion fail). */
export function rememberRemoval(identity: readonly string[], epoch: number, now = Date.now()): void {
  const { proven, forgotten } = state();
  const id = digest(identity);
  if ((forgotten.get(id) ?? 0) !== epoch) return;
  proven.delete(id);
  proven.set(id, now + REMOVAL_PROOF_TTL_MS);
  trim(proven);
}

export function forgetRemoval(identity: readonly string[]): void {
  const { proven, forgotten } = state();
  const id = digest(identity);
  proven.delete(id);
  const count = (forgotten.get(id) ?? 0) + 1;
  forgotten.delete(id);
  forgotten.set(id, count);
  trim(forgotten);
}

/** Every proof and forget count dropped (tests start from a clean memory). */
export function forgetAllRemovals(): void {
  state().proven.clear();
  state().forgotten.clear();
}
