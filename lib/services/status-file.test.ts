import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICE_IDS } from './registry';
import type { ServicesStatusFile } from './status';
import { readServiceLog, readServicesStatus, servicePublicUrl, writeServicesStatus } from './status-file';

const ADDRESS = { host: '127.0.0.1', ports: Object.fromEntries(SERVICE_IDS.map((id, index) => [id, 5000 + index])) };
const [FIRST = '', SECOND = ''] = SERVICE_IDS;
let dataDir = '';

function status(consolePid = process.pid): ServicesStatusFile {
  return {
    format: 1,
    updatedAt: '2026-12-06T06:00:00.000Z',
    consolePid,
    ecosystems: [
      {
        id: FIRST,
        mode: 'read-only',
        state: 'read-only',
        publicUrl: 'http://127.0.0.1:4873',
        storage: 's3://bucket-a',
        pid: 4242,
        startedAt: '2026-12-06T05:00:00.000Z',
        restarts: 2,
        lastRestartAt: '2026-12-06T05:30:00.000Z',
        lastCanary: { at: '2026-12-06T05:00:10.000Z', runId: '0123456789abcdef', ok: true, storedKeys: ['packages-services/x'] },
      },
    ],
  };
}

/** A PID that was a process a moment ago and is no longer one. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'services-status-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('the services status file', () => {
  it('is written atomically as 0600 in data/services/ and read back, ecosystems the file lacks as stopped', async () => {
    await writeServicesStatus(dataDir, status());
    const stat = await fs.stat(path.join(dataDir, 'services', 'status.json'));
    expect(stat.mode & 0o777).toBe(0o600);
    expect((await fs.readdir(path.join(dataDir, 'services'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const view = await readServicesStatus(dataDir, ADDRESS);
    expect(view.source).toBe('console');
    expect(view.updatedAt).toBe('2026-12-06T06:00:00.000Z');
    expect(view.ecosystems.map((record) => record.id)).toEqual(SERVICE_IDS);
    expect(view.ecosystems[0]).toEqual(status().ecosystems[0]);
    expect(view.ecosystems[1]).toMatchObject({ id: SECOND, mode: null, state: 'stopped', pid: null, publicUrl: 'http://127.0.0.1:5001' });
  });

  it('says every ecosystem is stopped when the file is missing, unreadable, malformed or its console is gone', async () => {
    const allStopped = (view: Awaited<ReturnType<typeof readServicesStatus>>) => view.ecosystems.every((record) => record.state === 'stopped' && record.pid === null);
    const missing = await readServicesStatus(dataDir, ADDRESS);
    expect(missing.source).toBe('missing');
    expect(missing.ecosystems.map((record) => record.id)).toEqual(SERVICE_IDS);
    expect(allStopped(missing)).toBe(true);

    await writeServicesStatus(dataDir, status(deadPid()));
    const gone = await readServicesStatus(dataDir, ADDRESS);
    expect(gone).toMatchObject({ source: 'consoleGone', updatedAt: null });
    expect(allStopped(gone)).toBe(true);

    const file = path.join(dataDir, 'services', 'status.json');
    await fs.writeFile(file, '{"format":1,');
    expect((await readServicesStatus(dataDir, ADDRESS)).source).toBe('unreadable');
    await fs.writeFile(file, JSON.stringify({ ...status(), ecosystems: [{ ...status().ecosystems[0], state: 'exploded' }] }));
    const malformed = await readServicesStatus(dataDir, ADDRESS);
    expect(malformed.source).toBe('unreadable');
    expect(allStopped(malformed)).toBe(true);
  });

  it('brackets an IPv6 host in the public URL', () => {
    expect(servicePublicUrl({ host: '::1', ports: { [FIRST]: 4873 } }, FIRST)).toBe('http://[::1]:4873');
  });
});

describe('a service log', () => {
  const log = () => path.join(dataDir, 'services', `${FIRST}.log`);

  it('gives the last N lines, none without a log, and refuses an unknown service or a count out of range', async () => {
    expect(await readServiceLog(dataDir, FIRST)).toEqual([]);
    await fs.mkdir(path.join(dataDir, 'services'));
    await fs.writeFile(log(), Array.from({ length: 250 }, (_, index) => `line ${index + 1}\n`).join(''));
    const hundred = await readServiceLog(dataDir, FIRST);
    expect(hundred).toHaveLength(100);
    expect(hundred[0]).toBe('line 151');
    expect(hundred.at(-1)).toBe('line 250');
    expect(await readServiceLog(dataDir, FIRST, 1000)).toHaveLength(250);
    expect(await readServiceLog(dataDir, FIRST, 1)).toEqual(['line 250']);
    await expect(readServiceLog(dataDir, 'no-such-service')).rejects.toThrow(/unknown/);
    await expect(readServiceLog(dataDir, FIRST, 0)).rejects.toThrow(RangeError);
    await expect(readServiceLog(dataDir, FIRST, 1001)).rejects.toThrow(RangeError);
  });

  it('joins lines across read chunks (multibyte characters too) and keeps a last line without its newline', async () => {
    await fs.mkdir(path.join(dataDir, 'services'));
    const long = 'é'.repeat(50_000); // 100 KB: more than one chunk
    await fs.writeFile(log(), `${'early\n'.repeat(10)}${long}\nmiddle\n${long}\nlast`);
    expect(await readServiceLog(dataDir, FIRST, 4)).toEqual([long, 'middle', long, 'last']);
    expect(await readServiceLog(dataDir, FIRST, 1000)).toEqual([...Array<string>(10).fill('early'), long, 'middle', long, 'last']);
  });

  it('reads at most 1 MB back from the end: a line it cannot read whole is left out, earlier lines are not reached', async () => {
    await fs.mkdir(path.join(dataDir, 'services'));
    const huge = 'x'.repeat(700_000);
    await fs.writeFile(log(), `${'early\n'.repeat(1000)}${huge}\nmiddle\n${huge}\nlast\n`);
    expect(await readServiceLog(dataDir, FIRST, 1000)).toEqual(['middle', huge, 'last']);
  });
});
