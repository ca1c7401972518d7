import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { healthPathOf } from '@/lib/services/catalog';
import { SERVICE_IDS } from '@/lib/services/registry';
import { writeServicesStatus } from '@/lib/services/status-file';
import type { EcosystemStatusRecord } from '@/lib/services/status';
import { classifyProbeFailure, probeServices, probeUrl } from './service-probe';

// Real sockets on 127.0.0.1: a server that answers 200 on the health path and 502 elsewhere, one that
// accepts and never answers, and a port nobody listens on.

const requests: string[] = [];
const answering = http.createServer((request, response) => {
  requests.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
  response.writeHead(SERVICE_IDS.some((id) => request.url === healthPathOf(id)) ? 200 : 502).end('{}');
});
const silent = http.createServer(() => undefined);
const listen = (server: http.Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
let answeringPort = 0;
let silentPort = 0;
let closedPort = 0;

beforeAll(async () => {
  answeringPort = await listen(answering);
  silentPort = await listen(silent);
  const closed = http.createServer();
  closedPort = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(async () => {
  silent.closeAllConnections();
  await Promise.all([answering, silent].map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('probeUrl', () => {
  it('is up on a 200, timed', async () => {
    const answer = await probeUrl(`http://127.0.0.1:${answeringPort}${healthPathOf(SERVICE_IDS[0] ?? '')}`, 2000);
    expect(answer).toEqual({ up: true, latencyMs: expect.any(Number) });
    expect(answer.latencyMs).toBeLessThan(2000);
  });

  it('classifies another status, a refused connection and a silent server', async () => {
    expect(await probeUrl(`http://127.0.0.1:${answeringPort}/elsewhere`, 2000)).toMatchObject({ up: false, error: 'httpStatus', httpStatus: 502 });
    expect(await probeUrl(`http://127.0.0.1:${closedPort}/`, 2000)).toMatchObject({ up: false, error: 'refused' });
    const timedOut = await probeUrl(`http://127.0.0.1:${silentPort}/`, 300);
    expect(timedOut).toMatchObject({ up: false, error: 'timeout' });
    expect(timedOut.latencyMs).toBeGreaterThanOrEqual(290);
    expect(timedOut).not.toHaveProperty('httpStatus');
  });
});

describe('classifyProbeFailure', () => {
  it('reads refusals inside an AggregateError (a host with several addresses) and calls the rest unreachable', () => {
    const refusal = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyProbeFailure(new TypeError('fetch failed', { cause: new AggregateError([refusal, refusal]) }))).toBe('refused');
    expect(classifyProbeFailure(new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }))).toBe('unreachable');
    expect(classifyProbeFailure(new TypeError('fetch failed', { cause: Object.assign(new Error('h'), { code: 'UND_ERR_HEADERS_TIMEOUT' }) }))).toBe('timeout');
    expect(classifyProbeFailure(new DOMException('signal timed out', 'TimeoutError'))).toBe('timeout');
    expect(classifyProbeFailure('not an error')).toBe('unreachable');
  });
});

describe('probeServices', () => {
  let dataDir = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'service-probe-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const status = (id: string, mode: EcosystemStatusRecord['mode'], port: number): EcosystemStatusRecord => ({
    id,
    mode,
    state: mode === 'disabled' ? 'stopped' : 'running',
    publicUrl: `http://127.0.0.1:${port}`,
    storage: null,
    pid: null,
    startedAt: null,
    restarts: 1,
    lastRestartAt: null,
    lastCanary: null,
  });

  it('probes each ecosystem set to Enabled or Read-Only at its front, without credentials, and none that is Disabled', async () => {
    const [first = '', second = ''] = SERVICE_IDS;
    const env = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir });
    const write = (ecosystems: EcosystemStatusRecord[]) => writeServicesStatus(dataDir, { format: 1, updatedAt: new Date().toISOString(), consolePid: process.pid, ecosystems });

    await write([status(first, 'read-only', answeringPort), status(second, 'disabled', closedPort)]);
    requests.length = 0;
    expect(await probeServices(env)).toEqual([{ ecosystem: first, up: true, latencyMs: expect.any(Number), mode: 'read-only', state: 'running', restarts: 1 }]);
    expect(requests).toEqual([`GET ${healthPathOf(first)} `]);

    await write([status(first, 'enabled', answeringPort), status(second, 'enabled', closedPort)]);
    const probes = await probeServices(env);
    expect(probes.map(({ ecosystem, up, error }) => ({ ecosystem, up, error }))).toEqual([
      { ecosystem: first, up: true, error: undefined },
      { ecosystem: second, up: false, error: 'refused' },
    ]);
  });

  it('probes nothing when no live console publishes a status', async () => {
    const env = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: path.join(dataDir, 'none') });
    expect(await probeServices(env)).toEqual([]);
  });
});
