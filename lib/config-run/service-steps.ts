import 'server-only';
import { servicesGateway, type ServicesGateway } from '@/lib/services/gateway';
import type { AppliedConfigFile } from './applied-config';
import type { RunContext } from './run-context';
import { PhaseFailed } from './phase-failed';

// The packages services' part of a run: apply starts each enabled ecosystem's new instance beside the
// serving one; verify proves each with its canary, and only after the configuration is committed are
// the fronts switched. A failure anywhere stops the new instances: the old ones never stopped serving.

/** Whether the applied configuration turns any ecosystem on. */
const anyEcosystemOn = (config: AppliedConfigFile) => config.packages.enabled && Object.values(config.ecosystems).some((mode) => mode === 'enabled' || mode === 'read-only');

export async function stageServices(config: AppliedConfigFile, ctx: RunContext): Promise<ServicesGateway | null> {
  const gateway = await servicesGateway(ctx.env);
  if (!gateway) {
    if (anyEcosystemOn(config)) ctx.recorder.event('WARNING', 'servicesDeferred');
    return null;
  }
  ctx.staged = gateway;
  const outcomes = await gateway.stageRun(ctx.recorder.id);
  for (const outcome of outcomes) {
    if (outcome.action === 'started') ctx.recorder.event('INFO', 'serviceStarted', { service: outcome.id, port: String(outcome.port) });
    if (outcome.action === 'stop') ctx.recorder.event('INFO', 'serviceWillStop', { service: outcome.id });
  }
  const failed = outcomes.find((outcome) => outcome.action === 'failed');
  if (failed?.action === 'failed') {
    ctx.staged = null;
    for (const outcome of outcomes) if (outcome.action === 'failed') ctx.recorder.event('ERROR', 'serviceNotStarted', { service: outcome.id, detail: outcome.detail });
    // The supervisor stopped every new instance of the run: one ecosystem's failure switches none.
    if (outcomes.some((outcome) => outcome.action === 'started')) ctx.recorder.event('INFO', 'servicesDiscarded');
    if (failed.refused) throw new PhaseFailed({ code: 'serviceReservedAddress', params: { service: failed.id, ...failed.refused } });
    throw new PhaseFailed({ code: failed.code === 'notReady' ? 'serviceNotReady' : 'serviceStartFailed', params: { service: failed.id, detail: failed.detail } });
  }
  return gateway;
}

export async function proveServices(gateway: ServicesGateway, ctx: RunContext): Promise<void> {
  const outcomes = await gateway.proveRun(ctx.recorder.id);
  for (const outcome of outcomes) {
    if (outcome.ok) ctx.recorder.event('INFO', 'canaryPassed', { service: outcome.id, key: outcome.storedKeys[0] ?? '' });
    else ctx.recorder.event('ERROR', 'canaryFailed', { service: outcome.id, detail: outcome.detail });
  }
  const failed = outcomes.find((outcome) => !outcome.ok);
  if (failed && !failed.ok && failed.refused) throw new PhaseFailed({ code: 'serviceReservedAddress', params: { service: failed.id, ...failed.refused } });
  if (failed && !failed.ok) throw new PhaseFailed({ code: 'serviceCanaryFailed', params: { service: failed.id, detail: failed.detail } });
}

export async function commitServices(gateway: ServicesGateway, ctx: RunContext): Promise<void> {
  const outcomes = await gateway.commitRun(ctx.recorder.id);
  ctx.staged = null;
  for (const outcome of outcomes) ctx.recorder.event('INFO', 'serviceSwitched', { service: outcome.id, mode: outcome.mode });
}

/** Stops a failed run's new instances; the serving ones are untouched. Whether there were any. */
export async function discardServices(ctx: RunContext): Promise<boolean> {
  const staged = ctx.staged;
  if (!staged) return false;
  ctx.staged = null;
  await staged.discardRun(ctx.recorder.id);
  ctx.recorder.event('INFO', 'servicesDiscarded');
  return true;
}

/** Runs a phase's task; if it fails, this run's new instances are stopped before the failure is recorded. */
export async function discardingOnFailure<T>(ctx: RunContext, task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    await discardServices(ctx).catch(() => undefined);
    throw error;
  }
}
