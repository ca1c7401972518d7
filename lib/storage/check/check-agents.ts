import 'server-only';
import { readConsoleEnv } from '@/lib/env';
import { createStorageAgents, type StorageAgents } from '@/lib/network/storage-agent';
import type { LookupFunction } from 'node:net';
import type { ProxySettings } from '@/lib/network/proxy-env';
import { MAX_CONNECT_TIMEOUT_MS } from './deadline';
import type { CheckOptions } from './types';

// The agents of one check or health probe, whatever the storage type: the settings' trusted CAs and
// the proxy of the environment unless the caller names them; the system's name resolution unless a
// test injects one.

export interface CheckNetwork {
  caPems: readonly string[];
  proxy: ProxySettings;
  lookup?: LookupFunction;
}

export function checkAgents(given: CheckOptions['network'], timeoutMs: number): { network: CheckNetwork; agents: StorageAgents } {
  const network: CheckNetwork = { caPems: given?.caPems ?? [], proxy: given?.proxy ?? readConsoleEnv().proxy, ...(given?.lookup ? { lookup: given.lookup } : {}) };
  return { network, agents: createStorageAgents({ ...network, connectTimeoutMs: Math.min(timeoutMs, MAX_CONNECT_TIMEOUT_MS) }) };
}
