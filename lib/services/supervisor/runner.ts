import 'server-only';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PackagesService, RenderedService, ServiceInput } from '../types';
import type { BackoffPolicy } from './backoff';
import { ServiceChild } from './child';
import { freePort } from './free-port';
import { readServiceSecret } from './service-secret';
import type { ServiceFront } from './front';

// One ecosystem's lifecycle: a configuration becomes a new instance (rendered, started, proven ready),
// the front switches to it, and the previous instance is drained and stopped. A new instance that is
// not ready in time is stopped and the previous one keeps serving.

export interface RunnerOptions {
  service: PackagesService;
  front: ServiceFront;
  /** data/services/ */
  servicesDir: string;
  modulesDir: string;
  readyTimeoutMs: number;
  backoff?: BackoffPolicy;
  graceMs?: number;
  logCapBytes?: number;
}

export interface RunningInstance {
  child: ServiceChild;
  port: number;
  baseUrl: string;
  instanceDir: string;
  rendered: RenderedService;
}

export class ServiceNotReadyError extends Error {
  constructor(
    readonly serviceId: string,
    readonly timeoutMs: number,
    readonly lastError: string,
  ) {
    super(`${serviceId} was not ready within ${timeoutMs} ms (last: ${lastError})`);
  }
}

export class ServiceRunner {
  current: RunningInstance | null = null;

  constructor(private readonly options: RunnerOptions) {}

  get logFile(): string {
    return path.join(this.options.servicesDir, `${this.options.service.id}.log`);
  }

  /** Brings the ecosystem to `input`: a new instance behind the front, or none when disabled. */
  async apply(input: ServiceInput): Promise<void> {
    const { front } = this.options;
    // Closing uploads takes effect at once; opening them waits until the new instance serves.
    if (input.mode === 'read-only') front.readOnly = true;
    if (input.mode === 'disabled') {
      await front.detach();
      await this.retire(this.current);
      this.current = null;
      return;
    }
    const next = await this.startInstance(input);
    const previous = this.current;
    this.current = next;
    const drained = front.switchTo(next.baseUrl);
    front.readOnly = input.mode === 'read-only';
    await drained;
    await this.retire(previous);
  }

  private async startInstance(input: ServiceInput): Promise<RunningInstance> {
    const { service, servicesDir, modulesDir } = this.options;
    const serviceSecret = await readServiceSecret(path.join(servicesDir, service.id));
    const instanceDir = path.join(servicesDir, service.id, `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`);
    await fs.mkdir(instanceDir, { recursive: true, mode: 0o700 });
    const port = await freePort();
    const rendered = service.render(input, { instanceDir, modulesDir, serviceSecret }, port);
    const child = new ServiceChild({ instanceDir, logFile: this.logFile, rendered, backoff: this.options.backoff, graceMs: this.options.graceMs, logCapBytes: this.options.logCapBytes });
    const instance = { child, port, baseUrl: `http://127.0.0.1:${port}`, instanceDir, rendered };
    await child.start();
    try {
      await this.waitReady(instance);
    } catch (error) {
      await this.retire(instance);
      throw error;
    }
    return instance;
  }

  private async waitReady(instance: RunningInstance): Promise<void> {
    const { service, readyTimeoutMs } = this.options;
    const deadline = Date.now() + readyTimeoutMs;
    let lastError = 'no answer';
    while (Date.now() < deadline) {
      try {
        await service.ready({ baseUrl: instance.baseUrl, rendered: instance.rendered, timeoutMs: Math.max(500, Math.min(5000, deadline - Date.now())) });
        return;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new ServiceNotReadyError(service.id, readyTimeoutMs, lastError);
  }

  /** Stops an instance and removes its directory (its rendered files hold secrets). */
  private async retire(instance: RunningInstance | null): Promise<void> {
    if (!instance) return;
    await instance.child.stop();
    await fs.rm(instance.instanceDir, { recursive: true, force: true });
  }

  async stop(): Promise<void> {
    await this.options.front.detach(5000);
    await this.retire(this.current);
    this.current = null;
  }
}
