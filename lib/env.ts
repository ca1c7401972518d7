import path from 'node:path';
import { z } from 'zod';
import { parseProxySettings, ProxyEnvError, type ProxySettings } from './network/proxy-env';
import { parseAddressRange, type AddressRange } from '@/lib/http/ip-address';
import { DEFAULT_CONCURRENCY } from '@/lib/migration/types';

// The one place that reads process.env: every setting is validated here, so a typo fails
// loudly at the first use instead of silently falling back to a default somewhere else.
const seconds = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const listItems = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter((item) => item !== '');
// A host name or an IP literal, without scheme, port or path: what a Host header names.
const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$|^\[[0-9a-f:.]+\]$/i;

const envSchema = z.object({
  CONSOLE_DATA_DIR: z.string().trim().min(1).default('./data'),
  CONSOLE_ENCRYPTION_KEY: z
    .string()
    .trim()
    .optional()
    .refine((value) => value === undefined || value === '' || decodeEncryptionKey(value) !== null, {
      message: 'CONSOLE_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64',
    }),
  // At most 40 s: the browser gives up on Test storage settings after 45 s (lib/settings/api-client.ts),
  // and the server's own, more precise timeout message must reach the admin first.
  CONSOLE_CHECK_TIMEOUT_MS: z.coerce.number().int().min(500).max(40_000).default(10_000),
  // Objects a storage move copies or verifies at once (lib/migration): more is faster on a fast link, harder on a throttling store.
  CONSOLE_MIGRATION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(DEFAULT_CONCURRENCY),
  // Seeds the root password at the first start only (automation, tests); ignored once one is stored.
  CONSOLE_ROOT_PASSWORD: z.string().optional(),
  // iron-session needs at least 32 characters; without it a key file is made in the data directory.
  CONSOLE_SESSION_SECRET: z
    .string()
    .trim()
    .optional()
    .refine((value) => value === undefined || value === '' || value.length >= 32, {
      message: 'CONSOLE_SESSION_SECRET must be at least 32 characters',
    }),
  CONSOLE_SESSION_IDLE_SECONDS: seconds(1, 86_400, 30 * 60),
  CONSOLE_SESSION_ABSOLUTE_SECONDS: seconds(1, 7 * 86_400, 12 * 60 * 60),
  // Where the console is reached, for the one-time setup URL printed at the first start.
  CONSOLE_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  // More names the console answers under, besides CONSOLE_PUBLIC_URL's host and the loopback names.
  CONSOLE_ALLOWED_HOSTS: z
    .string()
    .optional()
    .refine((value) => listItems(value).every((item) => HOST_NAME.test(item)), {
      message: 'CONSOLE_ALLOWED_HOSTS must be host names or IP addresses (no scheme, port or path), separated by commas',
    }),
  // The reverse proxies whose X-Forwarded-* headers are believed; without it they are ignored.
  CONSOLE_TRUSTED_PROXIES: z
    .string()
    .optional()
    .refine((value) => listItems(value).every((item) => parseAddressRange(item) !== null), {
      message: 'CONSOLE_TRUSTED_PROXIES must be IP addresses or CIDR ranges (such as 10.0.0.5 or 10.0.0.0/24), separated by commas',
    }),
  CONSOLE_HOST: z.string().trim().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  // How often the storage in force is checked, and from which latency an operation counts as slow.
  CONSOLE_HEALTH_INTERVAL_SECONDS: seconds(10, 86_400, 300),
  CONSOLE_HEALTH_SLOW_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  // Outbound proxy for the storage check and the applied configuration (lib/network/proxy-env.ts).
  HTTPS_PROXY: z.string().optional(),
  https_proxy: z.string().optional(),
  HTTP_PROXY: z.string().optional(),
  http_proxy: z.string().optional(),
  NO_PROXY: z.string().optional(),
  no_proxy: z.string().optional(),
  // The packages services (lib/services/): each ecosystem's stable public port, on CONSOLE_SERVICES_HOST
  // (0: any free port, for several consoles on one machine, such as tests).
  CONSOLE_SERVICES_HOST: z.string().trim().min(1).default('127.0.0.1'),
  CONSOLE_CONTAINER_REGISTRY_PORT: z.coerce.number().int().min(0).max(65_535).default(4875),
  CONSOLE_NPM_PORT: z.coerce.number().int().min(0).max(65_535).default(4873),
  CONSOLE_BUILD_CACHE_PORT: z.coerce.number().int().min(0).max(65_535).default(4874),
  CONSOLE_SERVICES_READY_TIMEOUT_SECONDS: seconds(5, 600, 60),
  // The registry npm upstreaming fetches missing packages from (app.packages.ecosystems.npm-upstreaming):
  // the public one, or a mirror the operator runs.
  CONSOLE_NPM_UPSTREAM_URL: z.url({ protocol: /^https?$/, message: 'CONSOLE_NPM_UPSTREAM_URL must be an http:// or https:// URL' }).default('https://registry.npmjs.org/'),
  // Where scripts/services.sh installed them.
  CONSOLE_SERVICES_MODULES_DIR: z.string().trim().min(1).default('./scripts/services/node_modules'),
  NEXT_PHASE: z.string().optional(),
  NODE_ENV: z.string().optional(),
});

export interface ConsoleEnv {
  dataDir: string;
  encryptionKey: Buffer | null;
  checkTimeoutMs: number;
  /** Objects a storage move has in flight at once. */
  migrationConcurrency: number;
  /** Only for seeding at the first start; never log it. */
  rootPasswordSeed: string | null;
  sessionSecret: string | null;
  sessionIdleSeconds: number;
  sessionAbsoluteSeconds: number;
  publicUrl: string;
  /** Host names (lower case, IPv6 in brackets) accepted in Host besides publicUrl's and the loopback names. */
  allowedHosts: readonly string[];
  /** Sockets from these addresses may set X-Forwarded-For, -Host and -Proto; nobody else's are read. */
  trustedProxies: readonly AddressRange[];
  healthIntervalSeconds: number;
  healthSlowMs: number;
  /** `next build` loads server code too; first-start work must not run then. */
  isBuild: boolean;
  /** Outbound proxy for requests to the storage; credentials only in `authorization`. */
  proxy: ProxySettings;
  /** The packages services: where their fronts listen (by service id), how long an instance has to become ready. */
  services: { host: string; ports: Readonly<Record<string, number>>; readyTimeoutMs: number; modulesDir: string };
  /** The registry a packages service may fetch missing packages from, by service id. */
  serviceUpstreamUrls: Readonly<Record<string, string>>;
  /** `next dev` needs `'unsafe-eval'` for React's debugging aids; production never gets it. */
  isDevelopment: boolean;
}

export function decodeEncryptionKey(value: string): Buffer | null {
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  return key.length === 32 ? key : null;
}

// Called several times per request (proxy, layout, page, handlers): validating the whole schema each time
// was a measurable share of a request's CPU. The result is reused while the variables it reads and the
// working directory (CONSOLE_DATA_DIR may be relative) are unchanged; frozen, so no caller can alter it.
const ENV_KEYS = Object.keys(envSchema.shape) as (keyof typeof envSchema.shape)[];
let memo: { key: string; value: ConsoleEnv } | null = null;

export function readConsoleEnv(env: NodeJS.ProcessEnv = process.env): ConsoleEnv {
  const key = JSON.stringify([process.cwd(), ...ENV_KEYS.map((name) => env[name] ?? null)]);
  if (memo?.key === key) return memo.value;
  const value = Object.freeze(parseConsoleEnv(env));
  memo = { key, value };
  return value;
}

function parseConsoleEnv(env: NodeJS.ProcessEnv): ConsoleEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // Only the variable names and the rule: never the value, which may be a password or key.
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid console environment: ${problems.join('; ')}`);
  }
  const data = parsed.data;
  let proxy: ProxySettings;
  try {
    proxy = parseProxySettings(env);
  } catch (error) {
    if (error instanceof ProxyEnvError) throw new Error(`Invalid console environment: ${error.message}`);
    throw error;
  }
  const host = data.CONSOLE_HOST.includes(':') ? `[${data.CONSOLE_HOST}]` : data.CONSOLE_HOST;
  return {
    dataDir: path.resolve(data.CONSOLE_DATA_DIR),
    encryptionKey: data.CONSOLE_ENCRYPTION_KEY ? decodeEncryptionKey(data.CONSOLE_ENCRYPTION_KEY) : null,
    checkTimeoutMs: data.CONSOLE_CHECK_TIMEOUT_MS,
    migrationConcurrency: data.CONSOLE_MIGRATION_CONCURRENCY,
    rootPasswordSeed: data.CONSOLE_ROOT_PASSWORD ? data.CONSOLE_ROOT_PASSWORD : null,
    sessionSecret: data.CONSOLE_SESSION_SECRET ? data.CONSOLE_SESSION_SECRET : null,
    sessionIdleSeconds: data.CONSOLE_SESSION_IDLE_SECONDS,
    sessionAbsoluteSeconds: data.CONSOLE_SESSION_ABSOLUTE_SECONDS,
    publicUrl: (data.CONSOLE_PUBLIC_URL ?? `http://${host}:${data.PORT}`).replace(/\/+$/, ''),
    proxy,
    allowedHosts: listItems(data.CONSOLE_ALLOWED_HOSTS).map((item) => item.toLowerCase().replace(/\.$/, '')),
    trustedProxies: listItems(data.CONSOLE_TRUSTED_PROXIES).flatMap((item) => parseAddressRange(item) ?? []),
    healthIntervalSeconds: data.CONSOLE_HEALTH_INTERVAL_SECONDS,
    healthSlowMs: data.CONSOLE_HEALTH_SLOW_MS,
    services: {
      host: data.CONSOLE_SERVICES_HOST,
      ports: { 'container-registry': data.CONSOLE_CONTAINER_REGISTRY_PORT, npm: data.CONSOLE_NPM_PORT, 'build-cache': data.CONSOLE_BUILD_CACHE_PORT },
      readyTimeoutMs: data.CONSOLE_SERVICES_READY_TIMEOUT_SECONDS * 1000,
      modulesDir: path.resolve(data.CONSOLE_SERVICES_MODULES_DIR),
    },
    serviceUpstreamUrls: { npm: data.CONSOLE_NPM_UPSTREAM_URL },
    isBuild: data.NEXT_PHASE === 'phase-production-build',
    isDevelopment: data.NODE_ENV === 'development',
  };
}

/** How a variable another library reads itself is set: absent or blank, the word `false` (any case), or anything else. */
export type EnvPresence = 'unset' | 'false' | 'set';

/**
 * How each of `names` is set, read once now, for settings a library reads itself (a storage type's SDK
 * credential chain), where the console only needs to know which were configured. No value leaves here.
 */
export function readEnvPresence<N extends string>(names: readonly N[], env: Readonly<Record<string, string | undefined>> = process.env): (name: N) => EnvPresence {
  const presence = new Map(
    names.map((name): [N, EnvPresence] => {
      const value = (env[name] ?? '').trim();
      return [name, value === '' ? 'unset' : value.toLowerCase() === 'false' ? 'false' : 'set'];
    }),
  );
  return (name) => presence.get(name) ?? 'unset';
}
