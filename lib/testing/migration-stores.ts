import 'server-only';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { parseProxySettings } from '@/lib/network/proxy-env';
import type { ObjectAccess } from '@/lib/storage/binding';
import { storageServer } from '@/lib/storage/server';
import { containerName, createContainer, keyConnectionString, removeContainer } from './azurite';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from './s3-int-support';

// Real stores (the local Ceph RGW and Azurite) behind the storage types' own object access, for the
// migration's integration tests and benchmark. Each store is new and removed again afterwards.

export interface TestStore {
  label: string;
  access: ObjectAccess;
  /** The store's settings values, as the console would hold them. */
  values: Record<string, string>;
  /** Multipart uploads still open (always [] where the store has none to list). */
  openUploads(): Promise<string[]>;
  remove(): Promise<void>;
}

const OPTIONS = { proxy: parseProxySettings({}), timeoutMs: 30_000 };

export async function rgwStore(label: string): Promise<TestStore> {
  const bucket = bucketName(label);
  const owner = ownerClient();
  await createBucket(owner, bucket);
  const { accessKey, secretKey } = s3Env.user('OWNER');
  const values = { storageType: 's3', serviceUrl: s3Env.endpoint, region: s3Env.region, bucket, accessKey, secretKey, pathStyle: 'path', authMode: 'keys' };
  const access = storageServer('s3').objectAccess(values, OPTIONS);
  return {
    label: `rgw:${bucket}`,
    access,
    values,
    async openUploads() {
      const answer = await owner.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
      return (answer.Uploads ?? []).map((upload) => `${upload.Key}`);
    },
    async remove() {
      access.close();
      await removeBucket(owner, bucket);
      owner.destroy();
    },
  };
}

export async function azuriteStore(label: string): Promise<TestStore> {
  const container = containerName(label);
  await createContainer(container);
  const values = { storageType: 'azure', azureConnectionString: keyConnectionString(), azureContainerName: container };
  const access = storageServer('azure').objectAccess(values, OPTIONS);
  return {
    label: `azurite:${container}`,
    access,
    values,
    openUploads: async () => [],
    async remove() {
      access.close();
      await removeContainer(container);
    },
  };
}

export interface SeedObject {
  key: string;
  size: number;
  contentType: string;
  metadata: Record<string, string>;
}

/** Random bytes generated in 1 MiB pieces, so a large object is never whole in memory here either. */
export function randomBody(size: number): Readable {
  async function* pieces() {
    for (let left = size; left > 0; left -= 1024 * 1024) yield randomBytes(Math.min(left, 1024 * 1024));
  }
  return Readable.from(pieces());
}

export async function seed(access: ObjectAccess, objects: readonly SeedObject[], concurrency = 8): Promise<void> {
  const queue = [...objects];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await access.write(next.key, randomBody(next.size), { size: next.size, contentType: next.contentType, metadata: next.metadata });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
