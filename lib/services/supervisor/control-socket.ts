import 'server-only';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { ConsoleEnv } from '@/lib/env';
import type { ServicesGateway } from './outcomes';

// The supervisor's door for configuration runs in other processes (the CLI): HTTP on a Unix socket in
// the data directory (data/services/control.sock, 0600 in a 0700 directory), so only who can read the
// data directory, and its encryption key, can reach it. Requests name a run; the supervisor reads that
// run's staged configuration itself, so no secret crosses the socket. `refresh` names an ecosystem whose
// credentials changed; the supervisor reads them itself too.

type Step = 'stage' | 'prove' | 'commit' | 'discard' | 'refresh' | 'hold' | 'release';
const STEPS: readonly Step[] = ['stage', 'prove', 'commit', 'discard', 'refresh', 'hold', 'release'];

export function controlSocketPath(dataDir: string): string {
  return path.join(dataDir, 'services', 'control.sock');
}

function call(socketPath: string, method: string, route: string, body: unknown, timeoutMs: number): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath, method, path: route, headers: { 'content-type': 'application/json' }, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, json: chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null });
        } catch (error) {
          reject(error);
        }
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`the console's services did not answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Serves the gateway's steps on the socket; a stale socket file (a killed console's) is replaced. */
export async function listenControlSocket(dataDir: string, gateway: ServicesGateway): Promise<http.Server> {
  const socketPath = controlSocketPath(dataDir);
  await fs.mkdir(path.dirname(socketPath), { recursive: true, mode: 0o700 });
  await fs.chmod(path.dirname(socketPath), 0o700);
  await fs.rm(socketPath, { force: true });
  const server = http.createServer((req, res) => {
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const step = (req.url ?? '').slice(1) as Step;
    if (req.method === 'GET' && req.url === '/ping') return answer(200, { ok: true });
    if (req.method !== 'POST' || !STEPS.includes(step)) return answer(404, { error: 'unknown request' });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let runId = '';
      let id = '';
      let ttlMs = 0;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { runId?: unknown; id?: unknown; ttlMs?: unknown };
        runId = String(body.runId ?? '');
        id = String(body.id ?? '');
        ttlMs = Math.min(Math.max(Number(body.ttlMs) || 0, 1000), 600_000);
      } catch {
        return answer(400, { error: 'a JSON body with runId (or id, to refresh) is expected' });
      }
      const steps: Record<Step, () => Promise<unknown>> = {
        stage: () => gateway.stageRun(runId),
        prove: () => gateway.proveRun(runId),
        commit: () => gateway.commitRun(runId),
        discard: () => gateway.discardRun(runId),
        refresh: () => gateway.refreshCredentials(id),
        hold: () => gateway.holdWrites(runId, ttlMs),
        release: () => gateway.releaseWrites(runId),
      };
      // A step that throws at once is answered like one that rejects: the caller must not wait for its timeout.
      Promise.resolve().then(steps[step]).then(
        (result) => answer(200, { result: result ?? null }),
        (error: unknown) => answer(500, { error: error instanceof Error ? error.message : String(error) }),
      );
    });
  });
  // Created 0600 from the start: no moment where another user could connect.
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
  } finally {
    process.umask(previous);
  }
  return server;
}

/** The gateway of the console running on this data directory, or null when none answers (no console, or a stale socket). */
export async function connectControlSocket(env: Pick<ConsoleEnv, 'dataDir' | 'services' | 'checkTimeoutMs'>): Promise<ServicesGateway | null> {
  const socketPath = controlSocketPath(env.dataDir);
  const alive = await call(socketPath, 'GET', '/ping', undefined, 2000).then(
    (reply) => reply.status === 200,
    () => false,
  );
  if (!alive) return null;
  // Every instance starts and proves at once; the margins cover the drain of a switch.
  // A refresh may wait for another refresh before its own start and switch.
  const timeouts: Record<Step, number> = { stage: env.services.readyTimeoutMs + 30_000, prove: env.checkTimeoutMs * 4 + 30_000, commit: 60_000, discard: 60_000, refresh: env.services.readyTimeoutMs * 2 + 60_000, hold: 10_000, release: 10_000 };
  const step = async <T>(name: Step, body: { runId: string; ttlMs?: number } | { id: string }): Promise<T> => {
    const reply = await call(socketPath, 'POST', `/${name}`, body, timeouts[name]);
    const json = reply.json as { result?: T; error?: string } | null;
    if (reply.status !== 200) throw new Error(json?.error ?? `the console's services answered HTTP ${reply.status}`);
    return json?.result as T;
  };
  return {
    stageRun: (runId) => step('stage', { runId }),
    proveRun: (runId) => step('prove', { runId }),
    commitRun: (runId) => step('commit', { runId }),
    discardRun: (runId) => step('discard', { runId }),
    refreshCredentials: (id) => step('refresh', { id }),
    holdWrites: (runId, ttlMs) => step('hold', { runId, ttlMs }),
    releaseWrites: (runId) => step('release', { runId }),
  };
}
