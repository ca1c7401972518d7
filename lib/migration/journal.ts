import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ProvenObject } from './types';

// The resume manifest: one JSON line per object proven on the target, appended and synced to disk in
// batches. A kill -9 can tear only the last line; it is ignored and cut off before appending again.

const BATCH = 64;
const FLUSH_MS = 100;

/** A proven object, or a key no longer proven (`{key, forget: true}`: it failed a verify or was removed). */
function parseLine(line: string): ProvenObject | { forget: string } | null {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null) return null;
    const forget: unknown = Reflect.get(value, 'forget');
    const forgotten: unknown = Reflect.get(value, 'key');
    if (forget === true && typeof forgotten === 'string') return { forget: forgotten };
    const [key, size, marker, sha256]: unknown[] = ['key', 'size', 'marker', 'sha256'].map((name) => Reflect.get(value, name));
    if (typeof key !== 'string' || typeof size !== 'number' || typeof marker !== 'string' || typeof sha256 !== 'string') return null;
    return { key, size, marker, sha256 };
  } catch {
    return null;
  }
}

/** What the manifest proves, the last line for a key winning; a missing file proves nothing. */
export function parseJournal(text: string): Map<string, ProvenObject> {
  const proven = new Map<string, ProvenObject>();
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  for (const line of complete.split('\n')) {
    const entry = line ? parseLine(line) : null;
    if (entry && 'forget' in entry) proven.delete(entry.forget);
    else if (entry) proven.set(entry.key, entry);
  }
  return proven;
}

export interface Journal {
  proven: Map<string, ProvenObject>;
  add(entry: ProvenObject): void;
  /** The key is no longer proven: a resumed run copies it again. */
  forget(key: string): void;
  /** Writes and syncs what was added so far. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export async function openJournal(file: string): Promise<Journal> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const handle: FileHandle = await open(file, 'a+', 0o600);
  const text = await handle.readFile('utf8');
  const proven = parseJournal(text);
  // Cut a torn last line, so the next append starts on a line of its own.
  const whole = Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1));
  if (whole !== Buffer.byteLength(text)) await handle.truncate(whole);
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return writing;
    const lines = pending.join('');
    pending = [];
    writing = writing.then(async () => {
      await handle.appendFile(lines);
      await handle.datasync();
    });
    return writing;
  };

  const append = (line: string) => {
    pending.push(`${line}\n`);
    if (pending.length >= BATCH) void flush().catch(() => undefined);
    else timer ??= setTimeout(() => void flush().catch(() => undefined), FLUSH_MS);
  };

  return {
    proven,
    add(entry) {
      proven.set(entry.key, entry);
      append(JSON.stringify(entry));
    },
    forget(key) {
      proven.delete(key);
      append(JSON.stringify({ key, forget: true }));
    },
    flush,
    async close() {
      try {
        await flush();
      } finally {
        await handle.close();
      }
    },
  };
}
