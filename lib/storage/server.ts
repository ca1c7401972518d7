import 'server-only';
import type { StorageTypeId } from './registry';
import { AZURE_SERVER } from './azure/server';
import { AZURE_TYPE } from './azure/type';
import { S3_SERVER } from './s3/server';
import { S3_TYPE } from './s3/type';
import type { StorageServer } from './server-types';

// The server side of each storage type in the registry (registry.ts): checks and applied configuration.
const SERVERS: Record<StorageTypeId, StorageServer> = {
  [S3_TYPE.id]: S3_SERVER,
  [AZURE_TYPE.id]: AZURE_SERVER,
};

export function storageServer(id: string): StorageServer {
  return SERVERS[id as StorageTypeId];
}
