import 'server-only';
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { PlainAgents } from '@/lib/http/plain-get';
import { PROBE_PREFIX } from './probe-keys';
import { attempt, type Outcome } from '@/lib/storage/check/outcome';

// One thin wrapper per S3 call (never throwing: lib/storage/check/outcome.ts).

export interface ProbeContext {
  client: S3Client;
  bucket: string;
  signal: AbortSignal;
  /** The client's agents, for the anonymous requests (public-access.ts). */
  agents: PlainAgents;
}

export function listObjects({ client, bucket, signal }: ProbeContext): Promise<Outcome<string[]>> {
  // Two keys are enough to tell "only our probes" from "something else lives here".
  return attempt(async () => {
    const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 2 }), { abortSignal: signal });
    return (out.Contents ?? []).map((item) => item.Key ?? '');
  });
}

export function listUploads({ client, bucket, signal }: ProbeContext, prefix = PROBE_PREFIX): Promise<Outcome<{ key: string; uploadId: string }[]>> {
  return attempt(async () => {
    const out = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix, MaxUploads: 100 }), {
      abortSignal: signal,
    });
    return (out.Uploads ?? []).map((upload) => ({ key: upload.Key ?? '', uploadId: upload.UploadId ?? '' }));
  });
}

export function deleteObject({ client, bucket, signal }: ProbeContext, key: string): Promise<Outcome<void>> {
  return attempt(async () => {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  });
}

export function abortUpload({ client, bucket, signal }: ProbeContext, key: string, uploadId: string): Promise<Outcome<void>> {
  return attempt(async () => {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }), { abortSignal: signal });
  });
}

export function putObject({ client, bucket, signal }: ProbeContext, key: string, body: string): Promise<Outcome<void>> {
  return attempt(async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/plain' }), {
      abortSignal: signal,
    });
  });
}

export function createUpload({ client, bucket, signal }: ProbeContext, key: string): Promise<Outcome<string>> {
  return attempt(async () => {
    const out = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    if (!out.UploadId) throw Object.assign(new Error('no upload id'), { name: 'MissingUploadId' });
    return out.UploadId;
  });
}

export function getObject({ client, bucket, signal }: ProbeContext, key: string): Promise<Outcome<string>> {
  return attempt(async () => {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    return (await out.Body?.transformToString('utf8')) ?? '';
  });
}

/**
 * Reads the first byte of an object that is not the check's. A GET rather than a HEAD: a refused HEAD
 * has no body, so it could not be told from a server that is not S3 at all.
 */
export function readFirstByte({ client, bucket, signal }: ProbeContext, key: string): Promise<Outcome<void>> {
  return attempt(async () => {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: 'bytes=0-0' }), { abortSignal: signal });
    await out.Body?.transformToByteArray();
  });
}

export function listParts({ client, bucket, signal }: ProbeContext, key: string, uploadId: string): Promise<Outcome<void>> {
  return attempt(async () => {
    await client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }), { abortSignal: signal });
  });
}
