import 'server-only';
import { proxyFor } from '@/lib/network/proxy-env';
import { createStorageAgents } from '@/lib/network/storage-agent';
import type { ObjectAccess, ObjectAccessOptions, StorageBinding } from '../binding';
import { bytesOf, keysOf } from '../shared/object-stream';
import { trustedCaPems } from '../shared/server-rules';
import { textOf as text, type FieldValues } from '../types';
import type { SharedValues } from '../shared/fields';
import type { AzureValues } from './type';
import { createContainerClient } from './check/azure-client';
import { parseConnectionString } from './connection-string';
import { azureObjectStreams } from './object-stream';

// The SDK's per-try timeout caps a whole request: the streaming calls have an idle timeout of their own instead.
const STREAM_TRY_CAP_MS = 60 * 60_000;

// An Azure container as the packages services reach it (Blob's API), and the console's own object access to it.

export function azureBinding(values: FieldValues<AzureValues & SharedValues>, options: Pick<ObjectAccessOptions, 'proxy'>): StorageBinding {
  const connectionString = text(values, 'azureConnectionString');
  const parsed = parseConnectionString(connectionString).value;
  const endpoint = parsed?.blobEndpoint ?? '';
  // The key or SAS may be quoted on its own, without the rest of the string.
  const credential = parsed?.credential.kind === 'accountKey' ? parsed.credential.accountKey : parsed?.credential.kind === 'sas' ? parsed.credential.token : '';
  return {
    protocol: 'azure-blob-api',
    connectionString,
    blobEndpoint: endpoint,
    container: text(values, 'azureContainerName'),
    caPems: trustedCaPems(values),
    proxied: endpoint !== '' && proxyFor(endpoint, options.proxy) !== null,
    secrets: [connectionString, credential].filter((value) => value !== ''),
  };
}

export function azureObjectAccess(values: FieldValues<AzureValues & SharedValues>, options: ObjectAccessOptions): ObjectAccess {
  const parsed = parseConnectionString(text(values, 'azureConnectionString')).value;
  if (!parsed) throw new Error('the connection string has no usable endpoint and credential');
  const agents = createStorageAgents({ caPems: trustedCaPems(values), proxy: options.proxy, connectTimeoutMs: options.timeoutMs });
  const container = createContainerClient(parsed, text(values, 'azureContainerName'), options.timeoutMs, agents);
  const streaming = createContainerClient(parsed, text(values, 'azureContainerName'), STREAM_TRY_CAP_MS, agents);
  const streams = azureObjectStreams(streaming, options.timeoutMs);
  return {
    ...streams,
    list: (prefix) => keysOf(streams.listObjects(prefix)),
    read: async (key) => bytesOf(await streams.openRead(key)),
    async remove(key) {
      await container.deleteBlob(key);
    },
    close: () => agents.destroy(),
  };
}
