import 'server-only';
import { readConsoleEnv } from '@/lib/env';
import { createStorageAgents, type StorageAgents } from '@/lib/network/storage-agent';
import type { ProxySettings } from '@/lib/network/proxy-env';
import { MAX_CONNECT_TIMEOUT_MS } from './deadline';
import type { CheckOptions } from './types';

// The agents of one check or health probe, whatever the storage type: the settings' trusted CAs and
// the proxy of the environment unless the caller names them.

export interface CheckNetwork {
  caPems: readonly string[];
  proxy: ProxySettings;
}

export function checkAgents(given: CheckOptions['network'], timeoutMs: number): { network: CheckNetwork; agents: StorageAgents } {
  const network = { caPems: given?.caPems ?? [], proxy: given?.proxy ?? readConsoleEnv().proxy };
  const connectTimeoutMs = Math.min(timeoutMs, MAX_CONNECT_TIMEOUT_MS);
  return { network, agents: createStorageAgents({ ...network, connectTimeoutMs, ...(given?.lookup ? { lookup: given.lookup } : {}) }) };
}
