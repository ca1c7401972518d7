import 'server-only';
import { servicesGateway } from '@/lib/services/gateway';
import type { RunContext } from './run-context';

// The final copy's read-only window: every ecosystem's front refuses uploads (downloads go on) from the
// final copy until the run has switched to the new storage or failed. The hold is a lease the run renews:
// should the run's process die (a CLI killed mid-copy), the registries are writable again within HOLD_TTL_MS.

const HOLD_TTL_MS = 60_000;
const RENEW_MS = 15_000;

interface Held {
  release(): Promise<void>;
}

const HELD = new WeakMap<RunContext, Held>();

export async function holdWrites(ctx: RunContext): Promise<void> {
  const gateway = await servicesGateway(ctx.env);
  // No console serves the registries: nothing can write meanwhile.
  if (!gateway || HELD.has(ctx)) return;
  const runId = ctx.recorder.id;
  await gateway.holdWrites(runId, HOLD_TTL_MS);
  const renew = setInterval(() => void gateway.holdWrites(runId, HOLD_TTL_MS).catch(() => undefined), RENEW_MS);
  renew.unref();
  HELD.set(ctx, {
    release: async () => {
      clearInterval(renew);
      await gateway.releaseWrites(runId);
    },
  });
  ctx.recorder.event('INFO', 'writesHeld');
  // Readers (the runs page) learn at once that uploads are refused, not at the phase's end.
  await ctx.recorder.save();
}

/** Ends the window (after the switch, or on failure); whether writes were held. */
export async function releaseWrites(ctx: RunContext): Promise<boolean> {
  const held = HELD.get(ctx);
  if (!held) return false;
  HELD.delete(ctx);
  await held.release();
  ctx.recorder.event('INFO', 'writesReleased');
  return true;
}
