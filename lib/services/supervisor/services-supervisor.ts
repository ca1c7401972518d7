import 'server-only';
import path from 'node:path';
import type { ConsoleEnv } from '@/lib/env';
import type { PackagesSettings } from '@/lib/settings/types';
import { storageRules } from '@/lib/storage/rules';
import { SERVICES } from '../registry';
import type { CanaryRecord, EcosystemStatusRecord } from '../status';
import { writeServicesStatus } from '../status-file';
import type { EcosystemMode } from '../types';
import { CredentialsRefresh } from './credentials-refresh';
import { ServiceFront } from './front';
import type { CommitOutcome, ProveOutcome, RefreshOutcome, StageOutcome, StagedSettingsLoader } from './outcomes';
import { stopLeftovers, type PidRecord } from './pid-record';
import { ServiceRunner } from './runner';
import { StagedRun } from './staged-run';
import { WriteHold } from './write-hold';

// Every ecosystem of this console: a front on its stable port (CONSOLE_<ID>_PORT) and the runner behind
// it. Started once per console process; children a killed console left are stopped first (by their PID
// records only); shutdown stops every child (SIGTERM, SIGKILL after the grace) and closes the fronts.
// A configuration run stages new instances, proves them, then commits or discards them (stageRun…);
// what each ecosystem is doing is published to data/services/status.json after every change.

type SupervisorEnv = Pick<ConsoleEnv, 'dataDir' | 'encryptionKey' | 'services' | 'proxy' | 'checkTimeoutMs'>;

interface Ecosystem {
  runner: ServiceRunner;
  front: ServiceFront;
  /** Where the front listens (the configured port, or the one the system gave for 0). */
  port: number;
  mode: EcosystemMode;
  storage: string | null;
  lastCanary: CanaryRecord | null;
}

export class ServicesSupervisor {
  private staged: StagedRun | null = null;
  private publishing: Promise<void> = Promise.resolve();
  /** The settings of the staged run, and those the serving instances were rendered from (a refresh renders them again). */
  private stagedSettings: PackagesSettings | null = null;
  private inForce: PackagesSettings | null = null;
  private readonly refresh: CredentialsRefresh;
  private readonly writeHold = new WriteHold(
    () => [...this.ecosystems.values()].map(({ front }) => front),
    () => this.publish(),
  );

  private constructor(
    private readonly env: SupervisorEnv,
    private readonly ecosystems: Map<string, Ecosystem>,
    private readonly loadSettings: StagedSettingsLoader<PackagesSettings>,
    /** What the start found left by a previous console and stopped. */
    readonly stoppedLeftovers: PidRecord[],
  ) {
    const host = { env: env as ConsoleEnv, runStaged: () => this.staged !== null, inForce: () => this.inForce, ecosystem: (id: string) => this.ecosystem(id), changed: () => this.publish() };
    this.refresh = new CredentialsRefresh(host);
  }

  static async start(env: SupervisorEnv, options: { graceMs?: number; loadSettings: StagedSettingsLoader<PackagesSettings> }): Promise<ServicesSupervisor> {
    const servicesDir = path.join(env.dataDir, 'services');
    const graceMs = options.graceMs ?? 10_000;
    const stopped = await stopLeftovers(servicesDir, graceMs);
    const ecosystems = new Map<string, Ecosystem>();
    let supervisor: ServicesSupervisor | null = null;
    try {
      for (const service of SERVICES) {
        const port = env.services.ports[service.id];
        if (port === undefined) throw new Error(`no port configured for the ${service.id} service`);
        const front = new ServiceFront({ host: env.services.host, port });
        const listening = await front.listen();
        const onChange = () => supervisor?.publish();
        const runner = new ServiceRunner({ service, front, servicesDir, modulesDir: env.services.modulesDir, readyTimeoutMs: env.services.readyTimeoutMs, graceMs, onChange, credentialsEnv: env });
        ecosystems.set(service.id, { runner, front, port: listening, mode: 'disabled', storage: null, lastCanary: null });
      }
    } catch (error) {
      await Promise.all([...ecosystems.values()].map(({ front }) => front.close()));
      throw error;
    }
    supervisor = new ServicesSupervisor(env, ecosystems, options.loadSettings, stopped);
    supervisor.publish();
    return supervisor;
  }

  private ecosystem(id: string): Ecosystem {
    const ecosystem = this.ecosystems.get(id);
    if (!ecosystem) throw new Error(`unknown packages service ${id}`);
    return ecosystem;
  }

  /** The runner of one ecosystem (tests drive it directly). */
  runner(id: string): ServiceRunner {
    return this.ecosystem(id).runner;
  }

  /** Starts the new instances of a run's staged settings beside the serving ones. A run stages once; a newer run's stage drops an older one left over. */
  async stageRun(runId: string, given?: PackagesSettings): Promise<StageOutcome[]> {
    if (this.staged) await this.discardRun(this.staged.runId);
    const settings = given ?? (await this.loadSettings(runId));
    const staged = new StagedRun(runId);
    this.staged = staged;
    this.stagedSettings = settings;
    const services = SERVICES.map((service) => ({ service, runner: this.ecosystem(service.id).runner }));
    const outcomes = await staged.stage(services, settings, this.env as ConsoleEnv);
    if (outcomes.some((outcome) => outcome.action === 'failed')) {
      this.staged = null;
      this.refresh.afterRun(runId);
    }
    staged.storage = storageRules(settings.storageType).location(settings);
    return outcomes;
  }

  async proveRun(runId: string): Promise<ProveOutcome[]> {
    const staged = this.stagedFor(runId);
    const outcomes = await staged.prove(this.env.checkTimeoutMs);
    const at = new Date().toISOString();
    for (const outcome of outcomes) this.ecosystem(outcome.id).lastCanary = { at, runId, ok: outcome.ok, storedKeys: outcome.ok ? outcome.storedKeys : [] };
    this.publish();
    return outcomes;
  }

  async commitRun(runId: string): Promise<CommitOutcome[]> {
    const staged = this.stagedFor(runId);
    const committed = staged.ecosystems.map(({ service, mode }) => ({ id: service.id, mode, storage: staged.storage }));
    await staged.commit();
    this.staged = null;
    this.inForce = this.stagedSettings;
    for (const { id, mode, storage } of committed) Object.assign(this.ecosystem(id), { mode, storage: mode === 'disabled' ? null : storage });
    this.publish();
    this.refresh.afterRun(runId);
    return committed.map(({ id, mode }) => ({ id, mode }));
  }

  async discardRun(runId: string): Promise<void> {
    if (this.staged?.runId !== runId) return;
    const staged = this.staged;
    this.staged = null;
    await staged.discard();
    this.publish();
    this.refresh.afterRun(runId);
  }

  /** Every front read-only for a run (a storage move's final copy) until released, or `ttlMs` without a renewal (write-hold.ts). */
  async holdWrites(runId: string, ttlMs: number): Promise<void> {
    this.writeHold.hold(runId, ttlMs);
  }

  async releaseWrites(runId: string): Promise<void> {
    this.writeHold.release(runId);
  }

  /** After an ecosystem's credentials changed: its serving instance replaced by one with them, without downtime (credentials-refresh.ts). */
  refreshCredentials(id: string): Promise<RefreshOutcome> {
    return this.refresh.request(id);
  }

  private stagedFor(runId: string): StagedRun {
    if (this.staged?.runId !== runId) throw new Error(`nothing is staged for run ${runId}`);
    return this.staged;
  }

  records(): EcosystemStatusRecord[] {
    return [...this.ecosystems.entries()].map(([id, { runner, front, port, mode, storage, lastCanary }]) => {
      const child = runner.current?.child ?? null;
      const starting = this.staged?.ecosystems.some((entry) => entry.service.id === id && entry.instance !== null) ?? false;
      const state = child === null ? (starting ? 'starting' : 'stopped') : !child.running ? 'crashed' : front.readOnly || front.writesHeld ? 'read-only' : 'running';
      const restarts = child?.restarts ?? [];
      return {
        id,
        mode,
        state,
        publicUrl: `http://${this.env.services.host}:${port}`,
        storage: child ? storage : null,
        pid: child?.pid ?? null,
        startedAt: child?.startedAtIso ?? null,
        restarts: restarts.length,
        lastRestartAt: restarts.at(-1)?.at ?? null,
        lastCanary,
      };
    });
  }

  /** Publishes the status; writes are queued so the file always ends with the latest. */
  publish(): void {
    const status = { format: 1 as const, updatedAt: new Date().toISOString(), consolePid: process.pid, ecosystems: this.records() };
    this.publishing = this.publishing.then(() => writeServicesStatus(this.env.dataDir, status)).catch((error: NodeJS.ErrnoException) => {
      console.error(`Packages services: the status file could not be written (${error.code ?? 'error'})`);
    });
  }

  /**
   * At the console's start: the configuration in force, started, proven and switched like a run's (its
   * canary recorded), so a console restarted after a crash serves again without an admin's action.
   */
  async startInForce(runId: string, settings: PackagesSettings): Promise<{ staged: StageOutcome[]; proved: ProveOutcome[] }> {
    const staged = await this.stageRun(runId, settings);
    if (staged.some((outcome) => outcome.action === 'failed')) return { staged, proved: [] };
    const proved = await this.proveRun(runId);
    // Serve even when a canary fails: this configuration is already in force; the failure is on the Services page.
    await this.commitRun(runId);
    return { staged, proved };
  }

  /** Sends SIGKILL to every child at once, synchronously (the process is exiting: no time for a grace). */
  killNow(): void {
    for (const { runner } of this.ecosystems.values()) runner.killNow();
    this.staged?.killNow();
  }

  async shutdown(): Promise<void> {
    if (this.staged) await this.discardRun(this.staged.runId);
    await Promise.all([...this.ecosystems.values()].map(({ runner }) => runner.stop()));
    await Promise.all([...this.ecosystems.values()].map(({ front }) => front.close()));
    for (const ecosystem of this.ecosystems.values()) Object.assign(ecosystem, { mode: 'disabled', storage: null });
    this.inForce = null;
    this.publish();
    await this.publishing;
  }
}
