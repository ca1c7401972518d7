import 'server-only';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { RenderedService } from '../types';
import { DEFAULT_BACKOFF, nextDelay, type BackoffPolicy } from './backoff';
import { buildChildEnv } from './child-env';
import { childCommand, REPORT_FD } from './child-command';
import { EGRESS_DIR, egressFor, needsEgress, waitListening } from './egress';
import { freePort } from './free-port';
import { removePidRecord, terminate, writePidRecord, type PidRecord } from './pid-record';
import { ServiceLog } from './service-log';

// One running instance of a service: its files written (0600), the child spawned with the rendered
// environment only, output to the service's log, a PID record, restarts after a crash with backoff.
// A binary of its own gets its egress proxy first (egress.ts): a child of this one, stopped with it.

export interface ChildOptions {
  instanceDir: string;
  /** The services' modules directory, where the reserved-address preload is built. */
  modulesDir: string;
  logFile: string;
  rendered: RenderedService;
  backoff?: BackoffPolicy;
  graceMs?: number;
  logCapBytes?: number;
  /** Prefixes the supervisor's lines about this child in the log (a helper process beside the service). */
  label?: string;
  /** Told when the child starts, exits or is restarted (the supervisor publishes its status). */
  onChange?: () => void;
}

export interface RestartRecord {
  at: string;
  exitCode: number | null;
  signal: string | null;
  delayMs: number;
}

/** A connection the reserved-address preload refused: the host as asked for and the reserved address. */
export interface ReservedRefusal {
  host: string;
  address: string;
}

/** The preload's JSON lines; anything else on the pipe is ignored. */
function readRefusals(stream: Readable, onRefusal: (refusal: ReservedRefusal) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('error', () => {});
  stream.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = (lines.pop() ?? '').slice(-4096);
    for (const line of lines) {
      try {
        const value: unknown = JSON.parse(line);
        if (typeof value === 'object' && value !== null && 'host' in value && 'address' in value && typeof value.host === 'string' && typeof value.address === 'string') onRefusal({ host: value.host, address: value.address });
      } catch {
        // Not a report line.
      }
    }
  });
}

export class ServiceChild {
  /** Crashes and the delay before each restart, oldest first (what the console reports). */
  readonly restarts: RestartRecord[] = [];
  private process: ChildProcess | null = null;
  private record: PidRecord | null = null;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private lastDelay: number | null = null;
  private startedAt = 0;
  private readonly log: ServiceLog;
  private ownRefusal: ReservedRefusal | null = null;
  /** The egress proxy this instance connects through, and what points the binary at it. */
  private egress: ServiceChild | null = null;
  private proxyEnv: Record<string, string> = {};

  constructor(private readonly options: ChildOptions) {
    this.log = ServiceLog.acquire(options.logFile, options.rendered.secrets, options.logCapBytes);
  }

  /** The last connection the preload refused (any run of this instance, or of its egress proxy), for the run to name. */
  get refusal(): ReservedRefusal | null {
    return this.ownRefusal ?? this.egress?.refusal ?? null;
  }

  get pid(): number | null {
    return this.process?.pid ?? null;
  }

  /** When the process running now started (ISO 8601), null when none runs. */
  get startedAtIso(): string | null {
    return this.running ? new Date(this.startedAt).toISOString() : null;
  }

  /** Whether a child is running now (false between a crash and its restart). */
  get running(): boolean {
    return this.process !== null && this.process.exitCode === null && this.process.signalCode === null;
  }

  async start(): Promise<void> {
    await fs.mkdir(this.options.instanceDir, { recursive: true, mode: 0o700 });
    for (const file of this.options.rendered.files) {
      const target = path.join(this.options.instanceDir, file.name);
      await fs.writeFile(target, file.content, { mode: 0o600 });
      await fs.chmod(target, 0o600);
    }
    if (needsEgress(this.options.rendered)) await this.startEgress();
    await this.spawnChild();
  }

  private async startEgress(): Promise<void> {
    const port = await freePort();
    const egress = egressFor(port, this.options.modulesDir);
    const child = new ServiceChild({ ...this.options, instanceDir: path.join(this.options.instanceDir, EGRESS_DIR), rendered: egress.rendered, label: 'egress proxy' });
    this.egress = child;
    await child.start();
    await waitListening(port, 10_000, () => child.running);
    this.proxyEnv = egress.proxyEnv;
  }

  private note(text: string): void {
    this.log.note(this.options.label ? `${this.options.label}: ${text}` : text);
  }

  private async spawnChild(): Promise<void> {
    // The console's own node, the services being installed for it (scripts/services/), with the preload
    // first; a service that is a binary of its own names it.
    const command = childCommand(this.options.rendered, this.options.modulesDir);
    const env = { ...buildChildEnv(this.options.rendered.env, this.options.instanceDir), ...command.env, ...this.proxyEnv };
    const child = spawn(command.file, command.args, { cwd: this.options.instanceDir, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe', command.reports ? 'pipe' : 'ignore'] });
    this.process = child;
    this.startedAt = Date.now();
    const [, stdout, stderr] = child.stdio;
    const reports = child.stdio[REPORT_FD];
    if (stdout) {
      stdout.on('error', () => {});
      this.log.follow(stdout);
    }
    if (stderr) this.log.follow(stderr);
    if (reports instanceof Readable) readRefusals(reports, (refusal) => (this.ownRefusal = refusal));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    child.on('error', (error) => this.note(`spawn failed: ${error.message}`));
    if (child.pid) {
      this.note(`started pid ${child.pid}`);
      this.record = await writePidRecord(this.options.instanceDir, child.pid);
    }
    this.options.onChange?.();
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.process) return;
    this.note(`exited (code ${code}, signal ${signal})`);
    if (this.stopping) return;
    const delayMs = nextDelay(this.options.backoff ?? DEFAULT_BACKOFF, this.lastDelay, Date.now() - this.startedAt);
    this.lastDelay = delayMs;
    this.restarts.push({ at: new Date().toISOString(), exitCode: code, signal, delayMs });
    this.note(`restarting in ${delayMs} ms`);
    this.options.onChange?.();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopping) void this.spawnChild();
    }, delayMs);
  }

  /** SIGKILL now, synchronously, no restart: for a console that is exiting and cannot wait for a grace. */
  killNow(): void {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.running) this.process?.kill('SIGKILL');
    this.egress?.killNow();
  }

  /** SIGTERM, SIGKILL after the grace; no restart afterwards. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    const child = this.process;
    if (child && this.record && this.running) await terminate(this.record, this.options.graceMs ?? 5000);
    else if (child && this.running) child.kill('SIGKILL');
    await removePidRecord(this.options.instanceDir);
    // After the binary: it has nothing left to send.
    await this.egress?.stop();
    this.log.release();
  }
}
