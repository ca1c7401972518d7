import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { MAX_KEPT_VERSIONS, readHistoryFile } from '@/lib/history/history-store';
import { CLI_ENTRY, TSX } from '@/lib/testing/run-cli';
import { ROOT } from '@/lib/testing/console-server';
import { readAuditLog } from './audit-log';
import { readSettings } from './store';

// Real processes saving at once, as the CLI does next to the server: the in-process queue cannot
// serialize them, only the settings lock can. Without it, two of them pass the version check together
// and write the same version, and one save is silently lost.

const WRITERS = 6;
const SAVES = 25;
const KEY = randomBytes(32).toString('hex');

type Attempt = { landed: number; region: string; auditFailure: string | null } | { conflict: true } | { busy: true };

let dataDir = '';

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cross-process-'));
});

afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

function startWriter(name: string) {
  const env: NodeJS.ProcessEnv = { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('CONSOLE_'))), NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir, CONSOLE_ENCRYPTION_KEY: KEY };
  const child = spawn(TSX, [CLI_ENTRY[0]!, 'lib/testing/settings-writer.ts', name, String(SAVES)], { cwd: ROOT, env, stdio: 'pipe', timeout: 120_000 });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout });
  const attempts: Attempt[] = [];
  const ready = new Promise<void>((resolve) => {
    lines.on('line', (line) => {
      if (line === 'ready') resolve();
      else attempts.push(JSON.parse(line) as Attempt);
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { name, child, ready, attempts, done: async () => ({ code: await exited, stderr }) };
}

describe('saves from separate processes', () => {
  it(`${WRITERS} processes × ${SAVES} read-then-write saves: no version written twice, no landed save lost`, async () => {
    const writers = Array.from({ length: WRITERS }, (_, i) => startWriter(`w${i}`));
    await Promise.all(writers.map((writer) => writer.ready));
    // All start together: tsx takes a second to load, which would otherwise spread them out.
    for (const writer of writers) writer.child.stdin.end('go\n');
    for (const writer of writers) expect(await writer.done(), writer.name).toEqual({ code: 0, stderr: '' });

    const landed = writers.flatMap((writer) => writer.attempts.flatMap((attempt) => ('landed' in attempt ? [{ ...attempt, writer: writer.name }] : [])));
    const attempts = writers.flatMap((writer) => writer.attempts);
    expect(attempts).toHaveLength(WRITERS * SAVES);
    // A held lock is waited for, never given up on, at this load.
    expect(attempts.filter((attempt) => 'busy' in attempt)).toEqual([]);
    expect(landed.every((save) => save.auditFailure === null)).toBe(true);

    // Every version from 1 up was written exactly once, by exactly one save that was told it landed.
    const versions = landed.map((save) => save.landed).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: landed.length }, (_, i) => i + 1));
    // One audit entry per landed save, by the writer that was told it landed.
    const audit = await readAuditLog(dataDir);
    expect(audit.map((entry) => [entry.version, entry.actor])).toEqual([...landed].sort((a, b) => a.landed - b.landed).map((save) => [save.landed, save.writer]));

    // The settings history keeps the newest landed versions, each by the writer that landed it.
    const kept = await readHistoryFile({ dataDir });
    const newest = [...landed].sort((a, b) => a.landed - b.landed).slice(-MAX_KEPT_VERSIONS);
    expect(kept.map((entry) => [entry.version, entry.actor])).toEqual(newest.map((save) => [save.landed, save.writer]));

    // The file holds the last landed save, whole (its secret sealed with it, not another save's).
    const last = landed.find((save) => save.landed === versions.at(-1))!;
    const final = await readSettings(readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir, CONSOLE_ENCRYPTION_KEY: KEY }));
    expect(final).toMatchObject({ version: last.landed, packages: { region: last.region, secretKey: `secret of ${last.region}` } });
    // Every interleaving was exercised: saves landed and others lost the race.
    expect(landed.length).toBeGreaterThan(WRITERS);
    expect(landed.length).toBeLessThan(WRITERS * SAVES);
    // Nothing left behind: no lock, no temp or set-aside file.
    expect((await fs.readdir(dataDir)).sort()).toEqual(['audit.log', 'settings-history.json', 'settings.json']);
    console.log(`cross-process saves: ${landed.length} landed, ${attempts.length - landed.length} conflicts`);
  }, 180_000);
});
