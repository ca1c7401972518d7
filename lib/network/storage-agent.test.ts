import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorageAgents, type StorageAgentOptions } from './storage-agent';
import { resolvingTo } from '@/lib/testing/resolver';
import { findReservedRefusal } from './reserved-issue';

// The agents against loopback stand-ins: a plain HTTP server, a CONNECT proxy relaying to it, and
// an injected resolver that answers what a hostile or mistaken DNS could (no /etc/hosts, no network).
let server: http.Server;
let proxy: net.Server;
let serverPort = 0;
let proxyPort = 0;
let requests = 0;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  server = http.createServer((request, response) => {
    requests += 1;
    response.end(`answer to ${request.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverPort = (server.address() as net.AddressInfo).port;
  proxy = net.createServer((client) => {
    sockets.add(client);
    client.once('data', (head) => {
      const [, host, port] = /^CONNECT (.+):(\d+) /.exec(head.toString('latin1')) ?? [];
      const upstream = net.connect({ host: host === 'storage.test' ? '127.0.0.1' : host, port: Number(port) }, () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyPort = (proxy.address() as net.AddressInfo).port;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all([server, proxy].map((item) => new Promise((resolve) => item.close(resolve))));
});

function get(url: string, settings: Partial<StorageAgentOptions>) {
  const agents = createStorageAgents({ caPems: [], proxy: { https: null, http: null, noProxy: [] }, connectTimeoutMs: 2_000, ...settings });
  const answer = new Promise<string>((resolve, reject) => {
    const request = http.get(url, { agent: agents.httpAgent, timeout: 3_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve(body));
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
  return { agents, answer: answer.finally(() => agents.destroy()) };
}

describe('storage agents: reserved addresses', () => {
  it('connects to the address the resolver gives', async () => {
    const { answer } = get(`http://storage.test:${serverPort}/ok`, { lookup: resolvingTo('127.0.0.1') });
    await expect(answer).resolves.toBe('answer to /ok');
  });

  it.each(['169.254.169.254', '::ffff:169.254.169.254', '168.63.129.16', 'fe80::1'])('refuses a name that resolves to %s, before connecting', async (address) => {
    const before = requests;
    const { agents, answer } = get(`http://storage.test:${serverPort}/`, { lookup: resolvingTo(address) });
    const error = await answer.catch((caught: unknown) => caught);
    expect(findReservedRefusal(error)).toEqual({ host: 'storage.test', address });
    expect(agents.log.reservedRefusal?.address).toBe(address);
    expect(requests).toBe(before);
  });

  it('refuses a reserved address written as the host, without a lookup', async () => {
    const { answer } = get('http://[::ffff:a9fe:a9fe]:9/', {});
    expect(findReservedRefusal(await answer.catch((caught: unknown) => caught))).toEqual({ host: '::ffff:a9fe:a9fe', address: '::ffff:a9fe:a9fe' });
  });
});

describe('storage agents: http:// through a proxy', () => {
  it('gets the answer through the CONNECT tunnel, well before any deadline', async () => {
    const started = performance.now();
    const endpoint = { host: '127.0.0.1', port: proxyPort, authorization: null };
    const { agents, answer } = get(`http://storage.test:${serverPort}/through`, { proxy: { https: endpoint, http: endpoint, noProxy: [] } });
    await expect(answer).resolves.toBe('answer to /through');
    expect(agents.log.proxies).toEqual(new Set([`127.0.0.1:${proxyPort}`]));
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});
