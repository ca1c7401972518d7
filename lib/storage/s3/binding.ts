import 'server-only';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { proxyFor } from '@/lib/network/proxy-env';
import { createStorageAgents } from '@/lib/network/storage-agent';
import type { ObjectAccess, ObjectAccessOptions, StorageBinding } from '../binding';
import { bytesOf, keysOf } from '../shared/object-stream';
import { trustedCaPems } from '../shared/server-rules';
import type { FieldValues } from '../types';
import { createObjectClient } from './check/s3-client';
import type { StorageTarget } from './check/target';
import { effectivePathStyle, effectiveRegion } from './endpoint';
import { s3ObjectStreams } from './object-stream';
import { authModeOf } from './type';

// An S3 bucket as the packages services reach it (S3's API), and the console's own object access to it.

/** The settings' values as the S3 code reads them (check, health probe, services). */
export function storageTarget(values: FieldValues): StorageTarget {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  const pathStyle = text('pathStyle');
  return {
    serviceUrl: text('serviceUrl'),
    bucket: text('bucket'),
    accessKey: text('accessKey'),
    secretKey: text('secretKey'),
    region: text('region'),
    pathStyle: pathStyle === 'path' || pathStyle === 'virtual' ? pathStyle : 'auto',
    authMode: authModeOf(values),
    roleArn: text('roleArn'),
    externalId: text('externalId'),
  };
}

export function s3Binding(values: FieldValues, options: Pick<ObjectAccessOptions, 'proxy'>): StorageBinding {
  const t = storageTarget(values);
  return {
    protocol: 's3-api',
    endpoint: t.serviceUrl,
    region: effectiveRegion(t.serviceUrl, t.region),
    bucket: t.bucket,
    forcePathStyle: effectivePathStyle(t.serviceUrl, t.pathStyle),
    authMode: t.authMode ?? 'keys',
    accessKey: t.accessKey,
    secretKey: t.secretKey,
    caPems: trustedCaPems(values),
    proxied: t.serviceUrl !== '' && proxyFor(t.serviceUrl, options.proxy) !== null,
    secrets: [t.accessKey, t.secretKey].filter((value) => value !== ''),
  };
}

/** With the access keys of the settings (the modes that obtain credentials are not served yet). */
export function s3ObjectAccess(values: FieldValues, options: ObjectAccessOptions): ObjectAccess {
  const t = storageTarget(values);
  const agents = createStorageAgents({ caPems: trustedCaPems(values), proxy: options.proxy, connectTimeoutMs: options.timeoutMs });
  const client = createObjectClient(t, options.timeoutMs, agents);
  const streams = s3ObjectStreams(client, t.bucket, options.timeoutMs);
  return {
    ...streams,
    list: (prefix) => keysOf(streams.listObjects(prefix)),
    read: async (key) => bytesOf(await streams.openRead(key)),
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: t.bucket, Key: key }));
    },
    close() {
      client.destroy();
      agents.destroy();
    },
  };
}
