import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPreload } from './build';

// The preload as a service child gets it: built like scripts/services.sh builds it, loaded with
// `node --require` into a separate node process whose DNS answers come from the test-only table.

let dir = '';
let preload = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'preload-'));
  preload = await buildPreload(dir);
}, 30_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each attempt prints `<label> <outcome>`: the HTTP status, or the error code (fetch's in its cause).
const SCRIPT = `
const http = require('node:http'); const net = require('node:net'); const dns = require('node:dns');
const server = http.createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1', async () => {
  const port = server.address().port;
  const get = (url) => new Promise((done) => http.get(url, (res) => { res.resume(); done(res.statusCode); }).on('error', (e) => done(e.code)));
  const socket = (options) => new Promise((done) => net.connect(options).on('connect', function () { this.destroy(); done('connected'); }).on('error', (e) => done(e.code)));
  const out = [];
  out.push('http-name ' + await get('http://metadata-alias.test:' + port + '/'));
  out.push('http-loopback-name ' + await get('http://storage.test:' + port + '/'));
  out.push('http-loopback-ip ' + await get('http://127.0.0.1:' + port + '/'));
  out.push('fetch-name ' + await fetch('http://metadata-alias.test:' + port + '/').then((r) => r.status, (e) => e.cause && e.cause.code));
  out.push('net-literal ' + await socket({ host: '169.254.169.254', port: 80 }));
  out.push('net-literal-v6 ' + await socket({ host: '::ffff:169.254.169.254', port: 80 }));
  out.push('net-port-host ' + await new Promise((done) => new net.Socket().connect(80, '168.63.129.16').on('error', (e) => done(e.code))));
  out.push('net-own-lookup ' + await socket({ host: 'elsewhere.test', port, lookup: (h, o, cb) => cb(null, [{ address: 'fe80::1', family: 6 }]) }));
  out.push('dns-callback ' + await new Promise((done) => dns.lookup('metadata-alias.test', (e, a) => done(e ? e.code : a))));
  out.push('dns-promises ' + await dns.promises.lookup('metadata-alias.test').then((r) => r.address, (e) => e.code));
  out.push('dns-promises-loopback ' + await require('node:dns/promises').lookup('storage.test').then((r) => r.address, (e) => e.code));
  console.log(out.join('\\n'));
  server.close();
});
`;

function collect(stream: Readable): Promise<string> {
  return new Promise((done) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (text += chunk));
    stream.on('end', () => done(text));
  });
}

async function runChild(env: Record<string, string>): Promise<{ results: Map<string, string>; stderr: string; reports: string[] }> {
  const child = spawn(process.execPath, ['--require', preload, '-e', SCRIPT], { env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env }, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const [, out, err, report] = child.stdio;
  if (!out || !err || !(report instanceof Readable)) throw new Error('the child has no pipes');
  const [stdout, stderr, reports] = await Promise.all([collect(out), collect(err), collect(report)]);
  const results = new Map(stdout.trim().split('\n').map((line) => line.split(' ') as [string, string]));
  return { results, stderr, reports: reports.split('\n').filter(Boolean) };
}

describe('the reserved-address preload in a service child', () => {
  it('refuses a name answered with a reserved address, reserved literals and a lookup of its own; loopback still connects', async () => {
    const { results, stderr, reports } = await runChild({ PACKAGES_CONSOLE_TEST_LOOKUP: 'metadata-alias.test=169.254.169.254, storage.test=127.0.0.1', PACKAGES_CONSOLE_REPORT_FD: '3' });
    expect(Object.fromEntries(results)).toEqual({
      'http-name': 'ERR_RESERVED_ADDRESS',
      'http-loopback-name': '200',
      'http-loopback-ip': '200',
      'fetch-name': 'ERR_RESERVED_ADDRESS',
      'net-literal': 'ERR_RESERVED_ADDRESS',
      'net-literal-v6': 'ERR_RESERVED_ADDRESS',
      'net-port-host': 'ERR_RESERVED_ADDRESS',
      'net-own-lookup': 'ERR_RESERVED_ADDRESS',
      'dns-callback': 'ERR_RESERVED_ADDRESS',
      'dns-promises': 'ERR_RESERVED_ADDRESS',
      'dns-promises-loopback': '127.0.0.1',
    });
    expect(stderr).toContain('[packages-console] ERR_RESERVED_ADDRESS: refused a connection to metadata-alias.test (169.254.169.254, a link-local or cloud metadata address)');
    expect(reports[0] && JSON.parse(reports[0])).toEqual({ code: 'ERR_RESERVED_ADDRESS', host: 'metadata-alias.test', address: '169.254.169.254' });
    expect(reports.map((line) => (JSON.parse(line) as { address: string }).address)).toEqual(expect.arrayContaining(['169.254.169.254', '::ffff:169.254.169.254', '168.63.129.16', 'fe80::1']));
  }, 30_000);

  it('without the test table resolves names as the system does and writes no report without its descriptor', async () => {
    const { results, reports } = await runChild({});
    expect(results.get('http-loopback-ip')).toBe('200');
    expect(results.get('net-literal')).toBe('ERR_RESERVED_ADDRESS');
    expect(results.get('dns-callback')).toBe('ENOTFOUND');
    expect(reports).toEqual([]);
  }, 30_000);
});
