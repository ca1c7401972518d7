// Parsing of the standard proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, lower-case too), kept
// pure so lib/env.ts can validate them with everything else and tests can feed their own values.

export interface ProxyEndpoint {
  host: string;
  port: number;
  /** `Basic …` from credentials in the URL; sent to the proxy only, never shown or logged. */
  authorization: string | null;
}

export interface ProxySettings {
  https: ProxyEndpoint | null;
  http: ProxyEndpoint | null;
  /** Lower-cased NO_PROXY entries: `*`, a host or domain (`.corp.example`, `corp.example`), optionally `:port`. */
  noProxy: string[];
}

export class ProxyEnvError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`${variable}: ${reason}`);
  }
}

/** Lower case wins, as in curl and most Node tools; an empty value means "not set". */
export function proxyVariable(env: Readonly<Record<string, string | undefined>>, name: string): { name: string; value: string } | null {
  for (const candidate of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[candidate]?.trim();
    if (value) return { name: candidate, value };
  }
  return null;
}

export function parseProxyUrl(variable: string, value: string): ProxyEndpoint {
  // `proxy.corp:3128` without a scheme is common in the wild and means plain HTTP to the proxy.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ProxyEnvError(variable, 'must be a URL like http://proxy.example:3128');
  }
  // Reasons name the rule only: the value may hold a proxy password.
  if (url.protocol !== 'http:') throw new ProxyEnvError(variable, 'only http:// proxies are supported (the tunnel to the storage is still TLS)');
  if (!url.hostname) throw new ProxyEnvError(variable, 'must name the proxy host');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) throw new ProxyEnvError(variable, 'must not have a path, query or fragment');
  const authorization = url.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    : null;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port: url.port ? Number(url.port) : 80, authorization };
}

export function parseProxySettings(env: Readonly<Record<string, string | undefined>>): ProxySettings {
  const https = proxyVariable(env, 'HTTPS_PROXY');
  const http = proxyVariable(env, 'HTTP_PROXY');
  const noProxy = proxyVariable(env, 'NO_PROXY');
  return {
    https: https ? parseProxyUrl(https.name, https.value) : null,
    http: http ? parseProxyUrl(http.name, http.value) : null,
    noProxy: (noProxy?.value ?? '').split(/[\s,]+/).map((entry) => entry.trim().toLowerCase()).filter(Boolean),
  };
}

function defaultPort(protocol: string): number {
  return protocol === 'https:' ? 443 : 80;
}

function bypassed(hostname: string, port: number, entries: string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  return entries.some((entry) => {
    if (entry === '*') return true;
    const match = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[(.*)\](?=:|$)/, '$1'));
    const name = (match?.[1] ?? entry).replace(/^\*?\./, '').replace(/\.$/, '');
    if (match?.[2] && Number(match[2]) !== port) return false;
    return host === name || host.endsWith(`.${name}`);
  });
}

/** The proxy a request to `url` goes through, or null when none is set or NO_PROXY names the host. */
export function proxyFor(url: string, settings: ProxySettings): ProxyEndpoint | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const proxy = parsed.protocol === 'https:' ? settings.https : parsed.protocol === 'http:' ? settings.http : null;
  if (!proxy) return null;
  const port = parsed.port ? Number(parsed.port) : defaultPort(parsed.protocol);
  return bypassed(parsed.hostname, port, settings.noProxy) ? null : proxy;
}

/** host:port of the proxy as the admin may see it: never the credentials. */
export function proxyLabel(proxy: ProxyEndpoint): string {
  return `${proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host}:${proxy.port}`;
}
