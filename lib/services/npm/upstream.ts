import 'server-only';
import { proxyFor, type ProxyEndpoint } from '@/lib/network/proxy-env';
import type { ServiceInput } from '../types';

// npm upstreaming (app.packages.ecosystems.npm-upstreaming): Verdaccio fetches the packages it does not
// hold from one uplink, the public registry or CONSOLE_NPM_UPSTREAM_URL, through the console's outbound
// proxy unless NO_PROXY names the upstream. Extra CAs reach it through NODE_EXTRA_CA_CERTS (service.ts):
// an uplink's own `ca` would replace Node's roots instead of adding to them.

export const UPSTREAMING_SETTING = 'npm-upstreaming';
export const DEFAULT_UPSTREAM_URL = 'https://registry.npmjs.org/';
export const UPLINK = 'upstream';

export interface Upstream {
  /** Verdaccio's `uplinks:` section. */
  uplinks: Record<string, Record<string, unknown>>;
  /** The proxy URL and its password when it has one: never in a log line. */
  secrets: string[];
}

/** http://[user:pass@]host:port, as Verdaccio's request library takes a proxy. */
export function proxyUrlOf(proxy: ProxyEndpoint): { url: string; secrets: string[] } {
  const host = proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host;
  if (!proxy.authorization) return { url: `http://${host}:${proxy.port}`, secrets: [] };
  const decoded = Buffer.from(proxy.authorization.replace(/^Basic /, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon < 0 ? decoded : decoded.slice(0, colon);
  const password = colon < 0 ? '' : decoded.slice(colon + 1);
  const url = `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${proxy.port}`;
  return { url, secrets: [url, password, encodeURIComponent(password)].filter((value) => value !== '') };
}

export function upstreamOf(input: Pick<ServiceInput, 'settings' | 'proxy' | 'upstreamUrls'>): Upstream | null {
  if (input.settings[UPSTREAMING_SETTING] !== 'enabled') return null;
  const url = input.upstreamUrls.npm ?? DEFAULT_UPSTREAM_URL;
  // Bounded: a request to the upstream gives up after 30 s; after 2 failures it is left alone for a minute.
  const uplink: Record<string, unknown> = { url, timeout: '30s', max_fails: 2, fail_timeout: '1m', maxage: '2m', cache: true };
  const proxy = proxyFor(url, input.proxy);
  if (!proxy) return { uplinks: { [UPLINK]: uplink }, secrets: [] };
  const { url: proxyUrl, secrets } = proxyUrlOf(proxy);
  uplink[url.startsWith('https:') ? 'https_proxy' : 'http_proxy'] = proxyUrl;
  return { uplinks: { [UPLINK]: uplink }, secrets };
}
