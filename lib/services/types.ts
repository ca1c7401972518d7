import type { ProxySettings } from '@/lib/network/proxy-env';
import type { ObjectAccess, StorageBinding } from '@/lib/storage/binding';
import type { AnonymousRead } from './supervisor/front-rules';

// The one interface the core uses for a packages service (an npm registry, a build cache...). The core
// reaches a service only through lib/services/registry.ts and never names one (layout.test.ts).

/** What an ecosystem is set to (settings key `app.packages.ecosystems.<id>`). */
export type EcosystemMode = 'enabled' | 'read-only' | 'disabled';

/** The applied configuration a service is rendered from: the storage in force, secrets opened (server only). */
export interface ServiceInput {
  binding: StorageBinding;
  mode: EcosystemMode;
  /** The applied ecosystem settings by the suffix after `app.packages.ecosystems.` (a service's own options among them). */
  settings: Readonly<Record<string, string>>;
  /** The console's outbound proxy (lib/env.ts), for what a service fetches beyond the storage. */
  proxy: ProxySettings;
  /** The registry a service may fetch missing packages from, by service id (lib/env.ts). */
  upstreamUrls: Readonly<Record<string, string>>;
  /** The console's own access to the same storage (canaries); the caller closes it. */
  openStorage(): ObjectAccess;
}

/** Why a service cannot serve from some storage: a message key of `Ecosystems.validation` and its arguments. */
export type SupportResult = { ok: true } | { ok: false; reason: ServiceUnsupportedReason; params: Record<string, string> };
export type ServiceUnsupportedReason = 'storageTypeUnsupported' | 'storageDriverMissing' | 'authModeUnsupported' | 'proxyUnsupported';

/** Where one instance of a service keeps its files: all under `data/services/<name>/`. */
export interface ServicePaths {
  /** data/services/<name>/<instance>/: config files (0600), the instance's scratch space. */
  instanceDir: string;
  /** The directory the installed services live in (scripts/services/node_modules). */
  modulesDir: string;
  /** The service's lasting secret (service-secret.ts): credentials derived from it survive a switch. */
  serviceSecret: string;
  /** The admins' own write credentials for this ecosystem (lib/services/credentials/), secrets opened: usernames and passwords, or tokens. */
  credentials: { name: string; secret: string }[];
}

export interface RenderedFile {
  /** Relative to the instance directory. */
  name: string;
  content: string;
}

/** Everything needed to start one instance: written and spawned by the supervisor only. */
export interface RenderedService {
  files: RenderedFile[];
  /** The child's whole environment besides the base the supervisor adds (PATH, HOME...); secrets go here, never in argv. */
  env: Record<string, string>;
  /** The script and its arguments, run with the console's own node (or with `executable`); no secret in any element. */
  argv: string[];
  /**
   * A binary that is not a Node script (a Debian package's), run with `argv` as its arguments: it cannot load the reserved-address preload
   * the console's node loads first (supervisor/child-command.ts), so it is given HTTPS_PROXY/HTTP_PROXY to an egress proxy run with it
   * (supervisor/egress.ts) unless `env` names a proxy of its own. Unset for a Node service.
   */
  executable?: string;
  /** Values that must never reach a log line (tokens, keys, passwords). */
  secrets: string[];
  /** Requests a client of this service (and the canary) sends: its credentials. */
  client: ServiceClient;
  /**
   * Set when the admin lets this service be read without a credential: the Authorization value (an internal
   * read account's, never shown) the front adds to a GET or HEAD that carries none (supervisor/front-rules.ts).
   */
  anonymousRead?: AnonymousRead;
}

/** How the console itself talks to the instance (its canary account, the bearer token). */
export interface ServiceClient {
  username?: string;
  password?: string;
  bearerToken?: string;
}

export interface ProbeTarget {
  /** http://127.0.0.1:PORT of the instance (or of the front). */
  baseUrl: string;
  rendered: RenderedService;
  timeoutMs: number;
  /** The configuration run a canary proves: named in what the canary writes, so a leftover says where it came from. */
  runId?: string;
}

/** A round trip through the service's own API, found in the storage with the console's own access, removed again. */
export interface CanaryResult {
  ok: boolean;
  /** The storage key(s) the canary's bytes were found under. */
  storedKeys: string[];
  /** Left in the storage after cleanup: must be empty. */
  leftovers: string[];
  error?: string;
}

/**
 * Where a service keeps its data in the packages storage: every key under `prefix` except those under an
 * `exclude` prefix. The services' scopes never overlap, so an inventory counts each object once.
 */
export interface StorageScope {
  prefix: string;
  exclude: readonly string[];
}

export interface PackagesService {
  /** Settings key suffix and folder name: `app.packages.ecosystems.<id>`, data/services/<id>/. */
  id: string;
  /** Its data in the storage: what an inventory counts and a storage move copies for it. */
  storageScope: StorageScope;
  /** Config files, environment and argv for an instance listening on 127.0.0.1:port. */
  render(input: ServiceInput, paths: ServicePaths, port: number): RenderedService;
  /** Resolves when the instance answers a real request (not just a status page); throws otherwise. */
  ready(target: ProbeTarget): Promise<void>;
  canary(input: ServiceInput, target: ProbeTarget): Promise<CanaryResult>;
}
