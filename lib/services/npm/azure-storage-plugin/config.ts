import { readFileSync } from 'node:fs';

// The plugin's section of Verdaccio's config.yaml (`store: { azure-blob-storage: {...} }`), read and
// checked once at start-up. No secret is ever written in the file: the connection string (account key
// or SAS) and a proxy URL that may carry credentials are named by environment variable only.

/** What the services runtime renders under `store.azure-blob-storage`. */
export interface AzurePluginYaml {
  /** The container holding everything; it must exist (the plugin never creates it). */
  container: string;
  /** Key prefix inside the container, e.g. `npm/`; a trailing slash is added when missing. */
  keyPrefix?: string;
  /** Name of the environment variable holding the connection string. */
  connectionStringEnv: string;
  /** Deadline of every single request to the storage, in ms (default 30000). */
  timeoutMs?: number;
  /** Tries per request, the first included (default 3). */
  maxTries?: number;
  /** A PEM file of extra trusted CAs (a private CA in front of BlobEndpoint), added to Node's roots. */
  caFile?: string;
  /** Name of the environment variable holding the proxy URL (http://[user:pass@]host:port). */
  proxyUrlEnv?: string;
}

export interface AzurePluginConfig {
  container: string;
  keyPrefix: string;
  connectionString: string;
  timeoutMs: number;
  maxTries: number;
  caPems: string[];
  proxyUrl: string | null;
}

export const PLUGIN_ID = 'azure-blob-storage';
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_TRIES = 3;
// Azure's rule: 3-63 lower-case letters, digits and single hyphens, starting and ending alphanumeric.
const CONTAINER = /^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Every configuration error names the plugin and the setting, never a value that could be secret. */
export class PluginConfigError extends Error {
  constructor(message: string) {
    super(`${PLUGIN_ID}: ${message}`);
    this.name = 'PluginConfigError';
  }
}

function positiveInteger(value: unknown, fallback: number, name: string): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw new PluginConfigError(`${name} must be a positive integer`);
  return value;
}

function envName(value: unknown, name: string): string {
  if (typeof value !== 'string' || !ENV_NAME.test(value)) throw new PluginConfigError(`${name} must name an environment variable`);
  return value;
}

export function normalizeKeyPrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+/, '');
  if (trimmed === '') return '';
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

export type ReadText = (path: string) => string;

/** Reads the section and the environment it names; throws a PluginConfigError on anything missing. */
export function readPluginConfig(section: unknown, env: Record<string, string | undefined>, readText: ReadText = (path) => readFileSync(path, 'utf8')): AzurePluginConfig {
  if (!section || typeof section !== 'object') throw new PluginConfigError(`add a store.${PLUGIN_ID} section to the configuration`);
  const raw = section as Partial<Record<keyof AzurePluginYaml, unknown>>;
  if ('connectionString' in raw) throw new PluginConfigError('connectionString must not be written in the configuration: set connectionStringEnv to the name of an environment variable');
  if (typeof raw.container !== 'string' || !CONTAINER.test(raw.container)) throw new PluginConfigError('container must be a valid container name (3-63 lower-case letters, digits, hyphens)');
  if (raw.keyPrefix !== undefined && typeof raw.keyPrefix !== 'string') throw new PluginConfigError('keyPrefix must be a string');
  const connectionVar = envName(raw.connectionStringEnv, 'connectionStringEnv');
  const connectionString = env[connectionVar]?.trim();
  if (!connectionString) throw new PluginConfigError(`the environment variable ${connectionVar} (connectionStringEnv) is not set`);
  let proxyUrl: string | null = null;
  if (raw.proxyUrlEnv !== undefined) {
    const proxyVar = envName(raw.proxyUrlEnv, 'proxyUrlEnv');
    proxyUrl = env[proxyVar]?.trim() || null;
    if (!proxyUrl) throw new PluginConfigError(`the environment variable ${proxyVar} (proxyUrlEnv) is not set`);
    if (!/^https?:\/\/[^/]+\/?$/.test(proxyUrl)) throw new PluginConfigError(`${proxyVar} (proxyUrlEnv) must be an http:// or https:// proxy URL`);
  }
  let caPems: string[] = [];
  if (raw.caFile !== undefined) {
    if (typeof raw.caFile !== 'string' || raw.caFile === '') throw new PluginConfigError('caFile must be a file path');
    let text: string;
    try {
      text = readText(raw.caFile);
    } catch {
      throw new PluginConfigError(`caFile ${raw.caFile} cannot be read`);
    }
    caPems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (caPems.length === 0) throw new PluginConfigError(`caFile ${raw.caFile} holds no PEM certificate`);
  }
  return {
    container: raw.container,
    keyPrefix: normalizeKeyPrefix(raw.keyPrefix as string | undefined),
    connectionString,
    timeoutMs: positiveInteger(raw.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs'),
    maxTries: positiveInteger(raw.maxTries, DEFAULT_MAX_TRIES, 'maxTries'),
    caPems,
    proxyUrl,
  };
}
