import 'server-only';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { openCredentials, type CredentialsEnv } from '../credentials/store';
import type { EcosystemMode, PackagesService, RenderedService, ServiceInput } from '../types';
import type { BackoffPolicy } from './backoff';
import { ServiceChild } from './child';
import { freePort } from './free-port';
import { readServiceSecret } from './service-secret';
import type { ServiceFront } from './front';

// One ecosystem's lifecycle: a configuration becomes a new instance (rendered, started, proven ready:
// stage), the front switches to it and the previous instance is drained and stopped (commit). Between
// the two a configuration run proves the staged instance with its canary; a staged instance that is
// not ready in time, or not proven, is stopped and the previous one keeps serving.

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
  /** Where the admins' credentials are opened from (data directory, encryption key); without it an instance gets none. */
  credentialsEnv?: CredentialsEnv;
  /** Told when an instance starts, crashes or restarts. */
  onChange?: () => void;
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

/** The new instance exited before it was ready (its configuration or storage refused it at start). */
export class ServiceExitedError extends Error {
  constructor(
    readonly serviceId: string,
    readonly exit: string,
  ) {
    super(`${serviceId} exited while starting (${exit}); its log has the details`);
  }
}

/**
 * The new instance could not reach its storage because the reserved-address preload refused the address
 * the storage's host resolved to (in the service's own process): named, whatever else went wrong after.
 */
export class ServiceReservedAddressError extends Error {
  constructor(
    readonly serviceId: string,
    readonly host: string,
    readonly address: string,
  ) {
    super(`${serviceId} refused to connect to ${host}: it resolves to ${address}, a link-local or cloud metadata address`);
  }
}

/** What the instance's preload refused, as the error the run reports; null when it refused nothing. */
export function reservedRefusalOf(serviceId: string, instance: RunningInstance): ServiceReservedAddressError | null {
  const refusal = instance.child.refusal;
  return refusal ? new ServiceReservedAddressError(serviceId, refusal.host, refusal.address) : null;
}

export class ServiceRunner {
  current: RunningInstance | null = null;

  constructor(private readonly options: RunnerOptions) {}

  get logFile(): string {
    return path.join(this.options.servicesDir, `${this.options.service.id}.log`);
  }

  /** Brings the ecosystem to `input` at once: stage, then commit (no canary in between). */
  async apply(input: ServiceInput): Promise<void> {
    await this.commit(input.mode === 'disabled' ? null : await this.stage(input), input.mode);
  }

  /**
   * Starts a new instance with `input` beside the one serving, and waits until it is ready; the front
   * still sends every request to the old one. A new instance that is not ready in time is stopped.
   */
  stage(input: ServiceInput): Promise<RunningInstance> {
    return this.startInstance(input);
  }

  /** Points the front at a staged instance (or at none: disabled), then drains and stops the previous one. */
  async commit(next: RunningInstance | null, mode: EcosystemMode): Promise<void> {
    const { front } = this.options;
    const previous = this.current;
    if (next === null) {
      front.readOnly = false;
      await front.detach();
      this.current = null;
      await this.retire(previous);
      return;
    }
    this.current = next;
    const drained = front.switchTo(next.baseUrl, { anonymousRead: next.rendered.anonymousRead });
    front.readOnly = mode === 'read-only';
    await drained;
    if (previous !== next) await this.retire(previous);
  }

  /** Stops a staged instance that will not serve (its run failed); the one serving is left as it is. */
  discard(staged: RunningInstance): Promise<void> {
    return staged === this.current ? Promise.resolve() : this.retire(staged);
  }

  private async startInstance(input: ServiceInput): Promise<RunningInstance> {
    const { service, servicesDir, modulesDir } = this.options;
    const serviceSecret = await readServiceSecret(path.join(servicesDir, service.id));
    // Read for every new instance (before its directory exists: an unreadable file leaves nothing behind):
    // a credential added or revoked takes effect at the next switch.
    const credentials = this.options.credentialsEnv ? await openCredentials(this.options.credentialsEnv, service.id) : [];
    const instanceDir = path.join(servicesDir, service.id, `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`);
    await fs.mkdir(instanceDir, { recursive: true, mode: 0o700 });
    const port = await freePort();
    const rendered = service.render(input, { instanceDir, modulesDir, serviceSecret, credentials }, port);
    const child = new ServiceChild({ instanceDir, modulesDir, logFile: this.logFile, rendered, backoff: this.options.backoff, graceMs: this.options.graceMs, logCapBytes: this.options.logCapBytes, onChange: this.options.onChange });
    const instance = { child, port, baseUrl: `http://127.0.0.1:${port}`, instanceDir, rendered };
    try {
      // A start that failed half-way (an egress proxy that never listened) is stopped like a failed readiness.
      await child.start();
      await this.waitReady(instance);
    } catch (error) {
      await this.retire(instance);
      throw reservedRefusalOf(service.id, instance) ?? error;
    }
    return instance;
  }

  private async waitReady(instance: RunningInstance): Promise<void> {
    const { service, readyTimeoutMs } = this.options;
    const deadline = Date.now() + readyTimeoutMs;
    let lastError = 'no answer';
    while (Date.now() < deadline) {
      // A refused storage address will not come right by waiting.
      const refused = reservedRefusalOf(service.id, instance);
      if (refused) throw refused;
      // A child that exited while starting will be restarted with backoff, but the run need not wait to know.
      const crash = instance.child.restarts[0];
      if (crash) throw new ServiceExitedError(service.id, crash.signal ? `signal ${crash.signal}` : `exit code ${crash.exitCode}`);
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

  /** SIGKILL to the serving instance, synchronously (the console is exiting). */
  killNow(): void {
    this.current?.child.killNow();
  }

  async stop(): Promise<void> {
    await this.options.front.detach(5000);
    await this.retire(this.current);
    this.current = null;
  }
}
