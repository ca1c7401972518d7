import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceFront } from './front';

// The front's write hold (a storage move's final copy): uploads refused, downloads served, as for Read-Only.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function backend(): Promise<string> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end(`${req.method} ok`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function request(port: number, method: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/x`, { method, body: method === 'PUT' ? 'data' : undefined, signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: await response.text() };
}

describe('ServiceFront write hold', () => {
  it('refuses uploads while held and serves downloads; uploads pass again once released', async () => {
    const front = new ServiceFront({ host: '127.0.0.1', port: 0 });
    const port = await front.listen();
    closers.unshift(() => front.close());
    await front.switchTo(await backend());
    expect(await request(port, 'PUT')).toEqual({ status: 200, body: 'PUT ok' });
    front.writesHeld = true;
    const refused = await request(port, 'PUT');
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('read-only');
    expect(await request(port, 'GET')).toEqual({ status: 200, body: 'GET ok' });
    front.writesHeld = false;
    expect(await request(port, 'PUT')).toEqual({ status: 200, body: 'PUT ok' });
  });
});
