import tls from 'node:tls';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseProxySettings } from '@/lib/network/proxy-env';
import { makeTestCerts } from '@/lib/testing/test-certs';
import { startDeadline } from './deadline';
import { explainEndpointFailure, type EndpointIssue } from './network-findings';

// A TLS port reached over http:// that answers like a web server (nginx's "plain HTTP request was
// sent to HTTPS port" page) shows up as the type's own "not the service" code: each type names it.

vi.mock('server-only', () => ({}));

let server: tls.Server;
let url: string;

beforeAll(async () => {
  const certs = makeTestCerts();
  server = tls.createServer({ cert: certs.pem('valid'), key: certs.key('valid') }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/account`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

// Any field will do: the closer look reports on whichever field the type says holds its endpoint.
const FIELD = 'storageType';

function reportWithFatal(code: string) {
  const refined: EndpointIssue<typeof FIELD>[] = [];
  const refineFatal = (issue: EndpointIssue<typeof FIELD>) => void refined.push(issue);
  return { refined, report: { fatal: { code, field: FIELD }, refineFatal } };
}

const options = { caPems: [], proxy: parseProxySettings({}) };

describe('explainEndpointFailure on an http:// endpoint', () => {
  it("looks for a TLS port behind the type's own not-the-service code", async () => {
    const { report, refined } = reportWithFatal('notServiceOfThisType');
    await explainEndpointFailure(report, { url, field: FIELD, notServiceCode: 'notServiceOfThisType' }, options, startDeadline(5_000));
    expect(refined).toEqual([{ code: 'httpToTlsPort', field: FIELD, params: { host: new URL(url).host, suggestedUrl: url.replace('http:', 'https:') } }]);
  });

  it("leaves another type's code alone", async () => {
    const { report, refined } = reportWithFatal('notServiceOfThisType');
    await explainEndpointFailure(report, { url, field: FIELD, notServiceCode: 'somethingElse' }, options, startDeadline(5_000));
    expect(refined).toEqual([]);
  });
});
