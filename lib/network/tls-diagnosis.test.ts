import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCerts, type ServerCertName, type TestCerts } from '@/lib/testing/test-certs';
import { startTlsRelay, type TlsRelay } from '@/lib/testing/tls-relay';
import { parseProxySettings } from './proxy-env';
import { detectTlsPort, diagnoseTls } from './tls-diagnosis';

// Real TLS handshakes on loopback against certificates made by openssl for this run.
let certs: TestCerts;
let backend: http.Server;
let backendUrl: string;
const requests: string[] = [];
const relays = new Map<ServerCertName, TlsRelay>();
const noProxy = parseProxySettings({});

beforeAll(async () => {
  certs = makeTestCerts();
  backend = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    response.end('ok');
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  backendUrl = `http://127.0.0.1:${(backend.address() as net.AddressInfo).port}`;
  for (const name of ['valid', 'wrong-host', 'expired', 'untrusted'] as const) {
    relays.set(name, await startTlsRelay(backendUrl, certs.pem(name), certs.key(name)));
  }
});

afterAll(async () => {
  await Promise.all([...relays.values()].map((relay) => relay.close()));
  await new Promise((resolve) => backend.close(resolve));
});

const portOf = (name: ServerCertName) => relays.get(name)!.port;
const trusting = (...pems: string[]) => ({ caPems: pems, proxy: noProxy, timeoutMs: 3_000 });

describe('diagnoseTls', () => {
  it('names the issuer of an unknown CA, and nothing is wrong once that CA is trusted', async () => {
    const url = `https://localhost:${portOf('valid')}`;
    expect(await diagnoseTls(url, trusting())).toEqual({
      code: 'tlsUnknownCa',
      params: { host: `localhost:${portOf('valid')}`, subject: 'CN=localhost', issuer: 'O=Console Test, CN=Console Test Root CA' },
    });
    expect(await diagnoseTls(url, trusting(certs.pem('ca')))).toBeNull();
  });

  it('tells a certificate from another CA apart by its issuer', async () => {
    const issue = await diagnoseTls(`https://localhost:${portOf('untrusted')}`, trusting(certs.pem('ca')));
    expect(issue).toMatchObject({ code: 'tlsUnknownCa', params: { issuer: 'O=Elsewhere, CN=Console Other Test CA' } });
  });

  it('lists the names a certificate holds when the host asked for is not one of them', async () => {
    expect(await diagnoseTls(`https://localhost:${portOf('wrong-host')}`, trusting(certs.pem('ca')))).toEqual({
      code: 'tlsHostMismatch',
      params: { host: 'localhost', names: 'storage.wrong.example' },
    });
  });

  it('gives the end date of an expired certificate', async () => {
    expect(await diagnoseTls(`https://localhost:${portOf('expired')}`, trusting(certs.pem('ca')))).toMatchObject({
      code: 'tlsExpired',
      params: { subject: 'CN=localhost', date: '2021-01-01T00:00:00.000Z' },
    });
  });

  it('says so when https:// reaches a port that speaks plain HTTP, and the reverse', async () => {
    const plainPort = new URL(backendUrl).port;
    expect(await diagnoseTls(`https://127.0.0.1:${plainPort}`, trusting())).toEqual({ code: 'tlsToPlainPort', params: { host: `127.0.0.1:${plainPort}` } });
    const tlsPort = `http://127.0.0.1:${portOf('valid')}`;
    expect(await detectTlsPort(tlsPort, trusting())).toEqual({ code: 'httpToTlsPort', params: { host: `127.0.0.1:${portOf('valid')}`, suggestedUrl: `https://127.0.0.1:${portOf('valid')}` } });
    expect(await detectTlsPort(backendUrl, trusting())).toBeNull();
  });

  it('never sends a request on the unverified connection', () => {
    expect(requests).toEqual([]);
  });
});
