import 'server-only';
import type { ProxySettings } from '@/lib/network/proxy-env';
import { DEFAULT_STORAGE_TYPE, isStorageTypeId, type StorageTypeId } from './registry';
import { AZURE_SERVER } from './azure/server';
import { AZURE_TYPE } from './azure/type';
import { S3_SERVER } from './s3/server';
import { S3_TYPE } from './s3/type';
import type { StorageServer } from './server-types';
import type { FieldValues } from './types';

// The server side of each storage type in the registry (registry.ts): checks and applied configuration.
const SERVERS: Record<StorageTypeId, StorageServer> = {
  [S3_TYPE.id]: S3_SERVER,
  [AZURE_TYPE.id]: AZURE_SERVER,
};

export function storageServer(id: string): StorageServer {
  return SERVERS[id as StorageTypeId];
}

export const STORAGE_SERVERS: readonly StorageServer[] = Object.values(SERVERS);

/** Whether the storage these values name is reached through the outbound proxy (what a packages service must be able to use). */
export function proxiedStorage(proxy: ProxySettings): (values: FieldValues) => boolean {
  return (values) => storageServer(isStorageTypeId(values.storageType) ? values.storageType : DEFAULT_STORAGE_TYPE).serviceBinding(values, { proxy }).proxied;
}
