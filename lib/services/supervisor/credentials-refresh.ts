import 'server-only';
import type { ConsoleEnv } from '@/lib/env';
import type { PackagesSettings } from '@/lib/settings/types';
import { ecosystemSettingsOf } from '../catalog';
import { serviceInput } from '../input';
import type { EcosystemMode } from '../types';
import type { RefreshOutcome } from './outcomes';
import { redactedDetail } from './redacted-detail';
import type { ServiceRunner } from './runner';

// Makes a change of an ecosystem's credentials (lib/services/credentials/) take effect without
// downtime: a new instance rendered from the settings in force, the credentials read again, proven
// ready, then the front switches to it and the old one drains. No canary: the storage is the one
// already proven. Refreshes are serialized; one asked while a run is staged waits for the run's end
// (its new instances may have read the credentials before the change).

export interface RefreshHost {
  env: Pick<ConsoleEnv, 'proxy' | 'checkTimeoutMs' | 'serviceUpstreamUrls'>;
  runStaged(): boolean;
  /** The settings the serving instances were rendered from (null: nothing committed yet). */
  inForce(): PackagesSettings | null;
  ecosystem(id: string): { runner: ServiceRunner; mode: EcosystemMode };
  changed(): void;
}

const MAX_ATTEMPTS = 3;

export class CredentialsRefresh {
  private readonly pending = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: RefreshHost) {}

  /** Rejects (never throws) for an unknown ecosystem, before queueing anything. */
  async request(id: string): Promise<RefreshOutcome> {
    this.host.ecosystem(id);
    const next = this.queue.then(() => this.refresh(id, 1));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** After a run is committed or discarded: the refreshes asked while it was staged. */
  afterRun(runId: string): void {
    for (const id of [...this.pending]) {
      this.pending.delete(id);
      this.request(id).catch((error: unknown) => console.error(`Packages services: ${id}'s credentials were not refreshed after run ${runId} (${error instanceof Error ? error.message : String(error)})`));
    }
  }

  private async refresh(id: string, attempt: number): Promise<RefreshOutcome> {
    const { host } = this;
    if (host.runStaged()) {
      this.pending.add(id);
      return { id, action: 'deferred' };
    }
    const ecosystem = host.ecosystem(id);
    const settings = host.inForce();
    const { mode, runner } = ecosystem;
    if (!settings || mode === 'disabled' || !runner.current) return { id, action: 'none' };
    const input = serviceInput(settings, mode, host.env, ecosystemSettingsOf(settings));
    const instance = await runner.stage(input).catch((error: unknown) => {
      throw new Error(`${id}: ${redactedDetail(error, input)}`);
    });
    // A run committed meanwhile: this instance has the old settings; render again from the new ones.
    if (host.inForce() !== settings || ecosystem.mode !== mode) {
      await runner.discard(instance);
      if (attempt >= MAX_ATTEMPTS) throw new Error(`${id}: the configuration kept changing while its credentials were refreshed`);
      return this.refresh(id, attempt + 1);
    }
    await runner.commit(instance, mode);
    // A run staged meanwhile may have read the credentials before the change.
    if (host.runStaged()) this.pending.add(id);
    host.changed();
    return { id, action: 'refreshed' };
  }
}
