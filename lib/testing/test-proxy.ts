import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseProxySettings, type ProxySettings } from '@/lib/network/proxy-env';

// A real forward proxy (tinyproxy from Debian) started by scripts/proxy-server.sh on loopback.

export interface TestProxy {
  url: string;
  /** host:port as the check reports it. */
  label: string;
  /** CONNECT lines of the proxy's log so far. */
  connects(): string[];
  settings(extra?: Record<string, string>): ProxySettings;
  stop(): void;
}

const SCRIPT = path.resolve('scripts/proxy-server.sh');

export function startTestProxy(name: string, options: { auth?: string; connectPorts?: string } = {}): TestProxy {
  const env = { ...process.env, PROXY_CONNECT_PORTS: options.connectPorts ?? '' };
  const args = [SCRIPT, 'start', name, ...(options.auth ? [options.auth] : [])];
  const url = execFileSync('bash', args, { env, encoding: 'utf8', timeout: 60_000 }).trim();
  const dir = path.resolve(process.env.PROXY_TEST_DIR ?? '.tmp/proxy', name);
  return {
    url,
    label: new URL(url).host,
    connects: () => readFileSync(path.join(dir, 'access.log'), 'utf8').split('\n').filter((line) => /: CONNECT /.test(line)),
    settings: (extra = {}) => parseProxySettings({ HTTPS_PROXY: url, HTTP_PROXY: url, ...extra }),
    stop: () => execFileSync('bash', [SCRIPT, 'stop', name], { timeout: 30_000 }),
  };
}
