import 'server-only';
import type { ConsoleEnv } from '@/lib/env';
import type { PackagesSettings } from '@/lib/settings/types';
import { storageServer } from '@/lib/storage/server';
import type { EcosystemMode, ServiceInput } from './types';

/**
 * A service's input from the applied settings (appliedSettings() opens their secrets), by the storage type's
 * binding. `ecosystemSettings`: the applied `app.packages.ecosystems.*` values by their key's suffix.
 */
export function serviceInput(
  settings: PackagesSettings,
  mode: EcosystemMode,
  env: Pick<ConsoleEnv, 'proxy' | 'checkTimeoutMs' | 'serviceUpstreamUrls'>,
  ecosystemSettings: Readonly<Record<string, string>>,
): ServiceInput {
  const server = storageServer(settings.storageType);
  return {
    binding: server.serviceBinding(settings, { proxy: env.proxy }),
    mode,
    settings: ecosystemSettings,
    proxy: env.proxy,
    upstreamUrls: env.serviceUpstreamUrls,
    openStorage: () => server.objectAccess(settings, { proxy: env.proxy, timeoutMs: env.checkTimeoutMs }),
  };
}
