import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPreload } from './build';
import { EGRESS_MAIN } from './location';

// The egress proxy as the supervisor runs it (egress.ts): built like scripts/services.sh builds it,
// started with the preload loaded first, its DNS answers from the test-only table. Raw sockets, so a
// malformed request line reaches it as a client would send it.

const TOKEN = 'f'.repeat(48);
const AUTH = `Proxy-Authorization: Basic ${Buffer.from(`egress:${TOKEN}`).toString('base64')}\r\n`;
let dir = '';
let proxy: ChildProcess;
let proxyPort = 0;
let origin: http.Server;
let originPort = 0;
const reports: string[] = [];
let stderr = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'egress-'));
  const preload = await buildPreload(dir);
  origin = http.createServer((request, response) => response.end(`origin ${request.method} ${request.url} host=${request.headers.host} proxy-auth=${request.headers['proxy-authorization'] ?? 'none'}`));
  originPort = await new Promise<number>((resolve) => origin.listen(0, '127.0.0.1', () => resolve((origin.address() as net.AddressInfo).port)));
  proxyPort = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const env = { PATH: process.env.PATH ?? '', NODE_ENV: 'production' as const, PACKAGES_CONSOLE_EGRESS_PORT: String(proxyPort), PACKAGES_CONSOLE_EGRESS_TOKEN: TOKEN, PACKAGES_CONSOLE_REPORT_FD: '3', PACKAGES_CONSOLE_TEST_LOOKUP: 'metadata-alias.test=169.254.169.254,storage.test=127.0.0.1' };
  proxy = spawn(process.execPath, ['--require', preload, path.join(dir, EGRESS_MAIN)], { env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const report = proxy.stdio[3];
  if (!(report instanceof Readable) || !proxy.stderr) throw new Error('the proxy has no pipes');
  report.setEncoding('utf8').on('data', (chunk: string) => reports.push(...chunk.split('\n').filter(Boolean)));
  proxy.stderr.setEncoding('utf8');
  await new Promise<void>((resolve) => proxy.stderr?.on('data', (chunk: string) => ((stderr += chunk), stderr.includes('listening') && resolve())));
}, 30_000);

afterAll(async () => {
  proxy?.kill('SIGKILL');
  origin?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Sends `text` on a fresh connection to the proxy (and `then`'s bytes once a response head came); all it got until the proxy closed. */
function raw(text: string, then?: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: proxyPort }, () => socket.write(text));
    let got = '';
    socket.setEncoding('utf8');
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('data', (chunk: string) => {
      got += chunk;
      if (then !== undefined && got.includes('\r\n\r\n')) {
        socket.write(then);
        then = undefined;
      }
    });
    socket.on('close', () => resolve(got));
    socket.on('error', () => undefined);
  });
}

const statusOf = (answer: string) => answer.split('\r\n')[0];

describe('the egress proxy', () => {
  it('tunnels a CONNECT to a name the table maps to loopback', async () => {
    const answer = await raw(`CONNECT storage.test:${originPort} HTTP/1.1\r\nHost: storage.test:${originPort}\r\n${AUTH}\r\n`, 'GET /through HTTP/1.1\r\nHost: storage.test\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 Connection Established\r\n\r\nHTTP\/1\.1 200 OK/);
    expect(answer).toContain('origin GET /through host=storage.test proxy-auth=none');
  });

  it('forwards an absolute-URI request without its proxy credential and answers with the origin’s response', async () => {
    const answer = await raw(`GET http://storage.test:${originPort}/bucket?list-type=2 HTTP/1.1\r\nHost: storage.test:${originPort}\r\n${AUTH}Connection: close\r\n\r\n`);
    expect(statusOf(answer)).toBe('HTTP/1.1 200 OK');
    expect(answer).toContain(`origin GET /bucket?list-type=2 host=storage.test:${originPort} proxy-auth=none`);
  });

  it('refuses a name that resolves to a metadata address, on CONNECT and on an absolute URI, and reports it on descriptor 3', async () => {
    reports.length = 0;
    expect(statusOf(await raw(`CONNECT metadata-alias.test:80 HTTP/1.1\r\nHost: metadata-alias.test:80\r\n${AUTH}\r\n`))).toBe('HTTP/1.1 403 Forbidden');
    expect(statusOf(await raw(`GET http://metadata-alias.test/latest/meta-data/ HTTP/1.1\r\nHost: metadata-alias.test\r\n${AUTH}\r\n`))).toBe('HTTP/1.1 403 Forbidden');
    expect(statusOf(await raw(`CONNECT [::ffff:169.254.169.254]:80 HTTP/1.1\r\nHost: x\r\n${AUTH}\r\n`))).toBe('HTTP/1.1 403 Forbidden');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reports.map((line) => JSON.parse(line))).toEqual([
      { code: 'ERR_RESERVED_ADDRESS', host: 'metadata-alias.test', address: '169.254.169.254' },
      { code: 'ERR_RESERVED_ADDRESS', host: 'metadata-alias.test', address: '169.254.169.254' },
      { code: 'ERR_RESERVED_ADDRESS', host: '::ffff:169.254.169.254', address: '::ffff:169.254.169.254' },
    ]);
    expect(stderr).toContain('ERR_RESERVED_ADDRESS: refused a connection to metadata-alias.test (169.254.169.254');
  });

  it('answers 400 to malformed and non-proxy targets, connecting nowhere', async () => {
    for (const line of ['CONNECT storage.test HTTP/1.1', 'CONNECT storage.test:0 HTTP/1.1', 'CONNECT http://storage.test:80 HTTP/1.1', 'GET /bucket HTTP/1.1', 'GET https://storage.test/ HTTP/1.1', 'GET http://[::1/ HTTP/1.1', 'OPTIONS * HTTP/1.1']) {
      expect(statusOf(await raw(`${line}\r\nHost: storage.test\r\n${AUTH}\r\n`)), line).toBe('HTTP/1.1 400 Bad Request');
    }
    expect(statusOf(await raw('NOT A REQUEST\r\n\r\n'))).toBe('HTTP/1.1 400 Bad Request');
  });

  it('asks for its credential (407) without it or with another token, before reading the target', async () => {
    expect(await raw(`CONNECT storage.test:${originPort} HTTP/1.1\r\nHost: x\r\n\r\n`)).toMatch(/^HTTP\/1\.1 407 [^\r]*\r\nProxy-Authenticate: Basic/);
    const wrong = `Proxy-Authorization: Basic ${Buffer.from(`egress:${'0'.repeat(48)}`).toString('base64')}\r\n`;
    expect(statusOf(await raw(`GET http://storage.test:${originPort}/ HTTP/1.1\r\nHost: x\r\n${wrong}\r\n`))).toMatch(/^HTTP\/1\.1 407 /);
    expect(statusOf(await raw(`GET http://[::1 HTTP/1.1\r\nHost: x\r\n\r\n`))).toMatch(/^HTTP\/1\.1 407 /);
  });
});
