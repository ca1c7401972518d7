import 'server-only';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { proxyFor } from '@/lib/network/proxy-env';
import { createStorageAgents, type StorageAgents } from '@/lib/network/storage-agent';
import { startDeadline } from '../check/deadline';
import type { ObjectAccess, ObjectAccessOptions, StorageBinding } from '../binding';
import { bytesOf, keysOf } from '../shared/object-stream';
import { trustedCaPems } from '../shared/server-rules';
import type { SharedValues } from '../shared/fields';
import { textOf, type FieldName, type FieldValues } from '../types';
import { createObjectClient } from './check/s3-client';
import type { StorageTarget } from './check/target';
import { renewingCredentials } from './credentials/renewing-provider';
import { resolveS3Credentials } from './credentials/resolve-credentials';
import type { TemporaryCredentials } from './credentials/types';
import { effectivePathStyle, effectiveRegion } from './endpoint';
import { objectHttp } from './object-http';
import { s3ObjectStreams } from './object-stream';
import { authModeOf, type S3Values } from './type';

// An S3 bucket as the packages services reach it (S3's API), and the console's own object access to it.

/** The settings' values as the S3 code reads them (check, health probe, services). */
export function storageTarget(values: FieldValues<S3Values>): StorageTarget {
  const text = (name: FieldName<S3Values>) => textOf(values, name);
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

export function s3Binding(values: FieldValues<S3Values & SharedValues>, options: Pick<ObjectAccessOptions, 'proxy'>): StorageBinding {
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

/** Refused before any request: the mode's credentials could not be obtained (the issue's code, no secret). */
class CredentialsUnavailable extends Error {
  readonly statusCode = 403;
  constructor(code: string) {
    super(`credentials unavailable: ${code}`);
    this.name = 'CredentialsUnavailable';
  }
}

/**
 * An assumed role's or this server's identity: temporary credentials, obtained when first needed and again
 * before they expire, so a copy that outlasts one session goes on. Keys mode signs with the keys.
 */
function credentialsOf(t: StorageTarget, timeoutMs: number, agents: StorageAgents): (() => Promise<TemporaryCredentials>) | undefined {
  if ((t.authMode ?? 'keys') === 'keys') return undefined;
  const auth = { mode: t.authMode ?? 'keys', roleArn: t.roleArn ?? '', externalId: t.externalId ?? '', accessKey: t.accessKey, secretKey: t.secretKey };
  const location = { serviceUrl: t.serviceUrl, region: effectiveRegion(t.serviceUrl, t.region), agents };
  return renewingCredentials(async () => {
    const resolved = await resolveS3Credentials(auth, location, startDeadline(timeoutMs));
    if (!resolved.ok) throw new CredentialsUnavailable(resolved.issue.code);
    return resolved.credentials;
  });
}

export function s3ObjectAccess(values: FieldValues<S3Values & SharedValues>, options: ObjectAccessOptions): ObjectAccess {
  const t = storageTarget(values);
  const agents = createStorageAgents({ caPems: trustedCaPems(values), proxy: options.proxy, connectTimeoutMs: options.timeoutMs });
  const credentials = credentialsOf(t, options.timeoutMs, agents) ?? { accessKeyId: t.accessKey, secretAccessKey: t.secretKey };
  const client = createObjectClient(t, options.timeoutMs, agents, credentials);
  const region = effectiveRegion(t.serviceUrl, t.region);
  const objects = objectHttp({ serviceUrl: t.serviceUrl, bucket: t.bucket, region, pathStyle: effectivePathStyle(t.serviceUrl, t.pathStyle), credentials, agents, idleMs: options.timeoutMs });
  const streams = s3ObjectStreams(client, objects, t.bucket, options.timeoutMs);
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
