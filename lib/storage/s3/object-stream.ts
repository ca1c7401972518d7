import 'server-only';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ObjectAccess, ObjectInfo, ObjectWriteOptions } from '../binding';
import { fixedChunks, partSizeFor } from '../shared/object-stream';
import type { ObjectHttp } from './object-http';

// Streaming object access to one bucket: paged listing, read and head, and uploads that go up whole when
// small and in parts (Create, UploadPart, Complete; Abort on any failure) when larger than one part.
// The read and the whole upload, one request per object, go as plain signed requests (object-http.ts).

type Streams = Pick<ObjectAccess, 'listObjects' | 'head' | 'openRead' | 'write'>;

const MAX_PARTS = 10_000;

function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = '$metadata' in error && typeof error.$metadata === 'object' && error.$metadata !== null && 'httpStatusCode' in error.$metadata ? error.$metadata.httpStatusCode : undefined;
  return error.name === 'NotFound' || error.name === 'NoSuchKey' || status === 404;
}

export function s3ObjectStreams(client: S3Client, objects: ObjectHttp, bucket: string, idleMs: number): Streams {
  async function multipart(key: string, body: Readable, options: ObjectWriteOptions, signal: AbortSignal): Promise<void> {
    // Not cancelled by the caller's signal: a cancel while the request is out would leave an upload the
    // store created but whose id never arrived, so nothing could abort it. It is short (the socket's idle
    // timeout bounds it); a cancel that came meanwhile is honoured just below, by aborting the upload.
    const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: options.contentType, Metadata: options.metadata }));
    const uploadId = created.UploadId;
    try {
      signal.throwIfAborted();
      const parts: { ETag: string | undefined; PartNumber: number }[] = [];
      for await (const part of fixedChunks(body, partSizeFor(options.size, MAX_PARTS))) {
        const PartNumber = parts.length + 1;
        const answer = await client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber, Body: part, ContentLength: part.length }), { abortSignal: signal });
        parts.push({ ETag: answer.ETag, PartNumber });
      }
      await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }), { abortSignal: signal });
    } catch (error) {
      // Its own deadline: the run's signal may be the very reason we are here.
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }), { abortSignal: AbortSignal.timeout(idleMs) }).catch(() => undefined);
      throw error;
    }
  }

  return {
    async *listObjects(prefix, signal) {
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }), { abortSignal: signal });
        for (const item of page.Contents ?? []) {
          if (item.Key !== undefined) yield { key: item.Key, size: item.Size ?? 0, marker: item.ETag ?? '' };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async head(key, signal): Promise<ObjectInfo | null> {
      try {
        const answer = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
        return { key, size: answer.ContentLength ?? 0, marker: answer.ETag ?? '' };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
    async openRead(key, signal) {
      return { key, ...(await objects.get(key, signal)) };
    },
    // The socket's idle timeout bounds each request; the caller's signal cancels.
    async write(key, body, options) {
      const signal = options.signal ?? new AbortController().signal;
      if (options.size > partSizeFor(options.size, MAX_PARTS)) return multipart(key, body, options, signal);
      await objects.put(key, body, { ...options, signal });
    },
  };
}
