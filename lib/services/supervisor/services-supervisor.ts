import 'server-only';
import path from 'node:path';
import type { ConsoleEnv } from '@/lib/env';
import { SERVICES } from '../registry';
import type { ServiceInput } from '../types';
import { ServiceFront } from './front';
import { stopLeftovers, type PidRecord } from './pid-record';
import { ServiceRunner } from './runner';

// Every ecosystem of this console: a front on its stable port (CONSOLE_<ID>_PORT) and the runner behind
// it. Started once per console process; children a killed console left are stopped first (by their PID
// records only); shutdown stops every child (SIGTERM, SIGKILL after the grace) and closes the fronts.

export interface EcosystemStatus {
  id: string;
  /** The instance the front sends requests to, or null (disabled, or not started yet). */
  target: string | null;
  readOnly: boolean;
  pid: number | null;
  restarts: number;
}

export class ServicesSupervisor {
  private constructor(
    private readonly runners: Map<string, ServiceRunner>,
    private readonly fronts: Map<string, ServiceFront>,
    /** What the start found left by a previous console and stopped. */
    readonly stoppedLeftovers: PidRecord[],
  ) {}

  static async start(env: Pick<ConsoleEnv, 'dataDir' | 'services'>, options: { graceMs?: number } = {}): Promise<ServicesSupervisor> {
    const servicesDir = path.join(env.dataDir, 'services');
    const graceMs = options.graceMs ?? 10_000;
    const stopped = await stopLeftovers(servicesDir, graceMs);
    const runners = new Map<string, ServiceRunner>();
    const fronts = new Map<string, ServiceFront>();
    try {
      for (const service of SERVICES) {
        const port = env.services.ports[service.id];
        if (port === undefined) throw new Error(`no port configured for the ${service.id} service`);
        const front = new ServiceFront({ host: env.services.host, port });
        await front.listen();
        fronts.set(service.id, front);
        runners.set(service.id, new ServiceRunner({ service, front, servicesDir, modulesDir: env.services.modulesDir, readyTimeoutMs: env.services.readyTimeoutMs, graceMs }));
      }
    } catch (error) {
      await Promise.all([...fronts.values()].map((front) => front.close()));
      throw error;
    }
    return new ServicesSupervisor(runners, fronts, stopped);
  }

  private runner(id: string): ServiceRunner {
    const runner = this.runners.get(id);
    if (!runner) throw new Error(`unknown packages service ${id}`);
    return runner;
  }

  /** Brings one ecosystem to its mode on the given storage (see ServiceRunner.apply). */
  apply(id: string, input: ServiceInput): Promise<void> {
    return this.runner(id).apply(input);
  }

  status(): EcosystemStatus[] {
    return [...this.runners.entries()].map(([id, runner]) => ({
      id,
      target: this.fronts.get(id)?.target ?? null,
      readOnly: this.fronts.get(id)?.readOnly ?? false,
      pid: runner.current?.child.pid ?? null,
      restarts: runner.current?.child.restarts.length ?? 0,
    }));
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
    await Promise.all([...this.fronts.values()].map((front) => front.close()));
  }
}
