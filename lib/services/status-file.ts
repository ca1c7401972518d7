import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ECOSYSTEM_MODES } from './ecosystem';
import type { ConsoleEnv } from '@/lib/env';
import { writeFileAtomic } from '@/lib/fs/atomic-write';
import { pidExists } from '@/lib/fs/process-owner';
import { SERVICE_IDS } from './registry';
import type { EcosystemStatusRecord, ServicesStatusFile } from './status';

// data/services/status.json: written by the supervisor in the console's process, read by the Services
// page, the Manage API and the CLI (another process). A status nobody keeps up (no file, a file we
// cannot read, or a console that is gone) says every ecosystem is stopped rather than showing a
// service as running that no one supervises.

export const SERVICES_DIR = 'services';
export const STATUS_FILE = 'status.json';
export const MAX_LOG_LINES = 1000;
/** The most read back from a log's end: a service that prints megabyte lines still costs a bounded read. */
const LOG_TAIL_MAX_BYTES = 1024 * 1024;
const LOG_CHUNK_BYTES = 64 * 1024;

export const ECOSYSTEM_STATES = ['running', 'starting', 'read-only', 'stopped', 'crashed'] as const satisfies readonly EcosystemStatusRecord['state'][];

const time = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not a time');
const recordSchema = z.object({
  id: z.string().min(1),
  mode: z.enum(ECOSYSTEM_MODES),
  state: z.enum(ECOSYSTEM_STATES),
  publicUrl: z.string().min(1),
  storage: z.string().nullable(),
  pid: z.number().int().positive().nullable(),
  startedAt: time.nullable(),
  restarts: z.number().int().min(0),
  lastRestartAt: time.nullable(),
  lastCanary: z.object({ at: time, runId: z.string(), ok: z.boolean(), storedKeys: z.array(z.string()) }).nullable(),
});
const fileSchema = z.object({ format: z.literal(1), updatedAt: time, consolePid: z.number().int().positive(), ecosystems: z.array(recordSchema) });

/** Why the records say what they say: the supervisor's word, or every ecosystem stopped because nobody supervises them. */
export type ServicesStatusSource = 'console' | 'missing' | 'unreadable' | 'consoleGone';

export interface ServicesStatusView {
  source: ServicesStatusSource;
  /** When the supervisor last wrote the file (null without a usable file). */
  updatedAt: string | null;
  /** One per ecosystem of the registry, in its order. `mode` is null when no console said it. */
  ecosystems: (Omit<EcosystemStatusRecord, 'mode'> & { mode: EcosystemStatusRecord['mode'] | null })[];
}

export type ServicesAddress = Pick<ConsoleEnv['services'], 'host' | 'ports'>;

const servicesDir = (dataDir: string) => path.join(dataDir, SERVICES_DIR);

/** The front's address users connect to, from the console's settings (the same the supervisor listens on). */
export function servicePublicUrl(address: ServicesAddress, id: string): string {
  const host = address.host.includes(':') && !address.host.startsWith('[') ? `[${address.host}]` : address.host;
  return `http://${host}:${address.ports[id] ?? 0}`;
}

export function isServiceId(id: string): boolean {
  return SERVICE_IDS.includes(id);
}

/** Publishes the supervisor's status: readers see the old file or the new one, never a torn one. */
export async function writeServicesStatus(dataDir: string, status: ServicesStatusFile): Promise<void> {
  const dir = servicesDir(dataDir);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path.join(dir, STATUS_FILE), `${JSON.stringify(status, null, 2)}\n`, { mode: 0o600 });
}

function stopped(id: string, address: ServicesAddress): ServicesStatusView['ecosystems'][number] {
  return { id, mode: null, state: 'stopped', publicUrl: servicePublicUrl(address, id), storage: null, pid: null, startedAt: null, restarts: 0, lastRestartAt: null, lastCanary: null };
}

async function readFile(dataDir: string): Promise<{ source: ServicesStatusSource; file?: ServicesStatusFile }> {
  let text: string;
  try {
    text = await fs.readFile(path.join(servicesDir(dataDir), STATUS_FILE), 'utf8');
  } catch (error) {
    return { source: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable' };
  }
  let parsed: ReturnType<typeof fileSchema.safeParse>;
  try {
    parsed = fileSchema.safeParse(JSON.parse(text));
  } catch {
    return { source: 'unreadable' };
  }
  if (!parsed.success) return { source: 'unreadable' };
  if (!pidExists(parsed.data.consolePid)) return { source: 'consoleGone' };
  return { source: 'console', file: parsed.data };
}

/** Every ecosystem's status as its supervisor published it, or stopped when no live console publishes one. */
export async function readServicesStatus(dataDir: string, address: ServicesAddress): Promise<ServicesStatusView> {
  const { source, file } = await readFile(dataDir);
  return {
    source,
    updatedAt: file?.updatedAt ?? null,
    ecosystems: SERVICE_IDS.map((id) => file?.ecosystems.find((record) => record.id === id) ?? stopped(id, address)),
  };
}

/** The last `lines` lines of a service's log (redacted when written), read backwards from its end; none without a log. */
export async function readServiceLog(dataDir: string, id: string, lines = 100): Promise<string[]> {
  if (!isServiceId(id)) throw new Error(`unknown packages service ${id}`);
  if (!Number.isInteger(lines) || lines < 1 || lines > MAX_LOG_LINES) throw new RangeError(`lines must be 1..${MAX_LOG_LINES}`);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path.join(servicesDir(dataDir), `${id}.log`), 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const chunks: Buffer[] = [];
    let start = size;
    let newlines = 0;
    // lines + 1 newlines: the last line's own, and the one before the first line wanted.
    while (start > 0 && size - start < LOG_TAIL_MAX_BYTES && newlines <= lines) {
      const length = Math.min(LOG_CHUNK_BYTES, start, LOG_TAIL_MAX_BYTES - (size - start));
      start -= length;
      const chunk = Buffer.alloc(length);
      const { bytesRead } = await handle.read(chunk, 0, length, start);
      chunks.unshift(chunk.subarray(0, bytesRead));
      for (let index = 0; index < bytesRead; index += 1) if (chunk[index] === 0x0a) newlines += 1;
    }
    const all = Buffer.concat(chunks).toString('utf8').split('\n');
    if (all.at(-1) === '') all.pop();
    // Read from the middle of the file: the first piece is the tail of a line we did not read whole.
    if (start > 0) all.shift();
    return all.slice(-lines);
  } finally {
    await handle.close();
  }
}
