import 'server-only';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { createRedactor, type Redactor } from './redactor';

// A service's stdout and stderr, line by line through the redactor, into data/services/<name>.log.
// When the file passes its cap it is renamed to <name>.log.1 (the previous .1 is dropped): at most
// twice the cap on disk per service, whatever a crashing service prints. During a switch two instances
// write to the same file: they share one ServiceLog (acquire/release), so one writer rotates, and every
// instance's secrets are redacted from every line.

export const DEFAULT_LOG_CAP_BYTES = 5 * 1024 * 1024;

const OPEN_LOGS = new Map<string, ServiceLog>();

export class ServiceLog {
  private fd: number;
  private size: number;
  private closed = false;
  private users = 0;
  private readonly secrets = new Set<string>();
  private redact: Redactor = (text) => text;

  private constructor(
    private readonly file: string,
    private readonly capBytes: number,
  ) {
    this.fd = fs.openSync(file, 'a', 0o600);
    this.size = fs.fstatSync(this.fd).size;
  }

  /** The log of `file`, shared by its writers; `secrets` are redacted from now on. Pair with release(). */
  static acquire(file: string, secrets: readonly string[], capBytes = DEFAULT_LOG_CAP_BYTES): ServiceLog {
    let log = OPEN_LOGS.get(file);
    if (!log) {
      log = new ServiceLog(file, capBytes);
      OPEN_LOGS.set(file, log);
    }
    for (const secret of secrets) log.secrets.add(secret);
    log.redact = createRedactor([...log.secrets]);
    log.users += 1;
    return log;
  }

  /** Closes the file when its last writer is done. */
  release(): void {
    this.users -= 1;
    if (this.users > 0) return;
    OPEN_LOGS.delete(this.file);
    this.closed = true;
    fs.closeSync(this.fd);
  }

  /** A line of the supervisor's own (start, exit, restart), redacted like the service's. */
  note(text: string): void {
    this.write(`[supervisor ${new Date().toISOString()}] ${text}\n`);
  }

  /** Follows a stream until it ends; a secret split across chunks is still caught, as lines are redacted whole. */
  follow(stream: Readable): void {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      const end = pending.lastIndexOf('\n');
      if (end < 0) {
        // A line longer than the cap would never end: cut it there.
        if (pending.length > this.capBytes) {
          this.write(`${pending}\n`);
          pending = '';
        }
        return;
      }
      this.write(pending.slice(0, end + 1));
      pending = pending.slice(end + 1);
    });
    stream.on('end', () => pending && this.write(`${pending}\n`));
  }

  private write(text: string): void {
    if (this.closed) return;
    const bytes = Buffer.from(this.redact(text));
    if (this.size + bytes.length > this.capBytes && this.size > 0) this.rotate();
    fs.writeSync(this.fd, bytes);
    this.size += bytes.length;
  }

  private rotate(): void {
    fs.closeSync(this.fd);
    fs.renameSync(this.file, `${this.file}.1`);
    this.fd = fs.openSync(this.file, 'a', 0o600);
    this.size = 0;
  }
}
