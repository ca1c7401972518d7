import 'server-only';
import type { StorageAgents } from '@/lib/network/storage-agent';
import { checkAgents } from './check-agents';
import { cleanupSignal, DEFAULT_CHECK_TIMEOUT_MS, startDeadline, type Deadline } from './deadline';
import { certificateExpiryWarning, explainEndpointFailure, type Endpoint } from './network-findings';
import { forgetRemoval, rememberRemoval, removalEpoch, removalProven } from './proven-removal';
import type { CheckReport } from './report';
import type { RunAll } from './run-all';
import type { CheckOptions, IssueTarget, Permission, StorageCheckResult } from './types';

// The skeleton of every storage type's check, in rounds of requests sent together, each round
// waiting for the one before:
//
//   1. look:  what needs nothing written (listings, anonymous access), and the removal proof: a
//             delete of what does not exist yet, which the service authorizes before it looks the
//             name up, so nothing the check cannot remove is ever written
//   2. write: only what round 1 proved removable
//   3. read:  what was written, read back
//   4. cleanup (the type's), also after any failure, on its own short budget
//
// When the same credentials passed on the same place a few minutes ago (proven-removal.ts), the
// proof is skipped and rounds 1 and 2 are sent together: three round trips instead of four.
// Each type plugs in its rows (the report), its rounds, its classifier (inside its rounds) and cleanup.

export interface CheckRounds<W> {
  /** `proveRemoval` false: removal was proven minutes ago, so the cleanup decides those rows. */
  look(proveRemoval: boolean): Promise<unknown>;
  /** `removalProven`: write everything; otherwise only what the look proved removable. */
  write(removalProven: boolean): Promise<W>;
  read(written: W): Promise<void>;
}

/** What one check of a type plugs into the skeleton, once its client is ready. */
export interface CheckPlan<F extends IssueTarget, P extends Permission, W> {
  /** The service's endpoint and the field that holds it, for the closer look at a failure. */
  endpoint: Endpoint<F>;
  /** What makes two checks the same for the removal proof (secrets included: only their HMAC is kept). */
  proofIdentity: readonly string[];
  /** The rows whose failure means removal no longer works: the proof is then forgotten. */
  removalRows: readonly P[];
  rounds: CheckRounds<W>;
  cleanUp(signal: AbortSignal): Promise<void>;
  /** Releases the type's client, after the cleanup. */
  close?(): void;
  /** The type's last touch on the result (who a permission is granted to, who the check ran as). */
  finish?(result: StorageCheckResult<F, P>): Promise<StorageCheckResult<F, P>>;
}

export interface CheckSession {
  timeoutMs: number;
  deadline: Deadline;
  agents: StorageAgents;
}

export interface CheckStart<F, P extends Permission> {
  report: CheckReport<F, P>;
  /** performance.now() when the check began, for its duration. */
  startedAt: number;
  options: CheckOptions;
  /** Sends a round's independent requests: all at once, or one by one for the benchmark. */
  all: RunAll;
}

/**
 * Runs a check: its deadline and agents, then `open` (the type's credentials and client: null when it
 * could not start, its issue already in the report), the rounds, the cleanup and the closer look.
 */
export async function runCheckRounds<F extends IssueTarget, P extends Permission, W>(
  { report, startedAt, options, all }: CheckStart<F, P>,
  open: (session: CheckSession) => Promise<CheckPlan<F, P, W> | null>,
): Promise<StorageCheckResult<F, P>> {
  const elapsed = () => Math.round(performance.now() - startedAt);
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const deadline = startDeadline(timeoutMs, options.signal);
  const { network, agents } = checkAgents(options.network, timeoutMs);
  const plan = await open({ timeoutMs, deadline, agents });
  if (!plan) {
    agents.destroy();
    return report.finish(elapsed());
  }
  const identity = plan.proofIdentity;
  // Taken before the rounds: a concurrent check that sees removal fail meanwhile wins.
  const epoch = removalEpoch(identity);
  const proven = options.reuseCleanupProof !== false && removalProven(identity);
  try {
    await sendRounds(report, all, plan.rounds, proven);
  } finally {
    await plan.cleanUp(cleanupSignal(deadline));
    plan.close?.();
    agents.destroy();
  }
  await explainEndpointFailure(report, plan.endpoint, network, deadline);
  const expiring = certificateExpiryWarning(agents.log, plan.endpoint);
  if (expiring) report.warn(expiring);
  const [proxy] = agents.log.proxies;
  const finished = report.finish(elapsed(), proxy);
  const result = plan.finish ? await plan.finish(finished) : finished;
  if (result.ok) rememberRemoval(identity, epoch);
  else if (plan.removalRows.some((row) => report.status(row) !== 'pass')) forgetRemoval(identity);
  return result;
}

async function sendRounds<F, P extends Permission, W>(report: CheckReport<F, P>, all: RunAll, rounds: CheckRounds<W>, removalProven: boolean): Promise<void> {
  let written: W;
  if (removalProven) {
    [, written] = await all([() => rounds.look(false), () => rounds.write(true)]);
  } else {
    await rounds.look(true);
    if (report.fatal) return;
    written = await rounds.write(false);
  }
  if (report.fatal) return;
  await rounds.read(written);
}
