import 'server-only';
import type { ConsoleEnv } from '@/lib/env';
import type { PackagesSettings } from '@/lib/settings/types';
import { ECOSYSTEMS, ecosystemSettingsOf } from '../catalog';
import { ecosystemModeOf, type EcosystemSpec } from '../ecosystem';
import { serviceInput } from '../input';
import type { EcosystemMode, PackagesService, ServiceInput } from '../types';
import type { ProveOutcome, StageOutcome } from './outcomes';
import { reservedRefusalOf, ServiceNotReadyError, ServiceReservedAddressError, type RunningInstance, type ServiceRunner } from './runner';
import { redactedDetail } from './redacted-detail';

// One configuration run's new instances, between apply (stage) and the end of verify (commit or
// discard). Every ecosystem is staged at once; a failure of one leaves all the old instances serving.

export interface StagedEcosystem {
  service: PackagesService;
  runner: ServiceRunner;
  mode: EcosystemMode;
  input: ServiceInput;
  /** The new instance, or null: the ecosystem is disabled by this run. */
  instance: RunningInstance | null;
}

function specOf(id: string): EcosystemSpec {
  const spec = ECOSYSTEMS.find((candidate: EcosystemSpec) => candidate.id === id);
  if (!spec) throw new Error(`no ecosystem descriptor for the ${id} service`);
  return spec;
}

export class StagedRun {
  readonly stagedAt = Date.now();
  readonly ecosystems: StagedEcosystem[] = [];
  /** Language-neutral label of the storage the new instances use. */
  storage: string | null = null;

  constructor(readonly runId: string) {}

  /** Starts every enabled ecosystem's new instance; on any failure, stops all the new ones again. */
  async stage(services: readonly { service: PackagesService; runner: ServiceRunner }[], settings: PackagesSettings, env: ConsoleEnv): Promise<StageOutcome[]> {
    const outcomes = await Promise.all(
      services.map(async ({ service, runner }): Promise<StageOutcome> => {
        const mode = settings.enabled ? ecosystemModeOf(settings, specOf(service.id)) : 'disabled';
        const input = serviceInput(settings, mode, env, ecosystemSettingsOf(settings));
        if (mode === 'disabled') {
          this.ecosystems.push({ service, runner, mode, input, instance: null });
          return { id: service.id, action: runner.current ? 'stop' : 'none' };
        }
        try {
          const instance = await runner.stage(input);
          this.ecosystems.push({ service, runner, mode, input, instance });
          return { id: service.id, action: 'started', port: instance.port, pid: instance.child.pid };
        } catch (error) {
          const detail = redactedDetail(error, input);
          if (error instanceof ServiceReservedAddressError) return { id: service.id, action: 'failed', code: 'reservedAddress', detail, refused: { host: error.host, address: error.address } };
          return { id: service.id, action: 'failed', code: error instanceof ServiceNotReadyError ? 'notReady' : 'startFailed', detail };
        }
      }),
    );
    if (outcomes.some((outcome) => outcome.action === 'failed')) await this.discard();
    return outcomes;
  }

  /** The canary through each new instance (before any switch), proven in the storage with the console's own access. */
  async prove(timeoutMs: number): Promise<ProveOutcome[]> {
    return Promise.all(
      this.ecosystems.flatMap(({ service, input, instance }) => {
        if (!instance) return [];
        // A failed canary whose instance had a storage address refused says so, with the address.
        const refused = (): { refused?: { host: string; address: string } } => {
          const refusal = reservedRefusalOf(service.id, instance);
          return refusal ? { refused: { host: refusal.host, address: refusal.address } } : {};
        };
        return [
          service.canary(input, { baseUrl: instance.baseUrl, rendered: instance.rendered, timeoutMs, runId: this.runId }).then(
            (result): ProveOutcome =>
              result.ok && result.leftovers.length === 0
                ? { id: service.id, ok: true, storedKeys: result.storedKeys }
                : { id: service.id, ok: false, detail: result.error ?? (result.leftovers.length > 0 ? 'the canary left objects behind' : 'the canary failed'), leftovers: result.leftovers, ...refused() },
            (error: unknown): ProveOutcome => ({ id: service.id, ok: false, detail: redactedDetail(error, input), leftovers: [], ...refused() }),
          ),
        ];
      }),
    );
  }

  /** Switches every front to its new instance (or detaches it), draining and stopping the old ones. */
  async commit(): Promise<void> {
    for (const { runner, instance, mode } of this.ecosystems) await runner.commit(instance, mode);
    this.ecosystems.length = 0;
  }

  killNow(): void {
    for (const { instance } of this.ecosystems) instance?.child.killNow();
  }

  async discard(): Promise<void> {
    await Promise.all(this.ecosystems.flatMap(({ runner, instance }) => (instance ? [runner.discard(instance)] : [])));
    this.ecosystems.length = 0;
  }
}
