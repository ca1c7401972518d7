import type { Readable } from 'node:stream';
import type { ProxySettings } from '@/lib/network/proxy-env';

// What a packages service needs from the storage in force, by the protocol the storage speaks (not by
// storage type: a service speaks S3's API or Azure Blob's, whichever type offers it), and the console's
// own access to the objects, with which a canary proves what a service stored and removes what it left.

export interface S3ApiBinding {
  protocol: 's3-api';
  /** '' for AWS's own regional endpoint. */
  endpoint: string;
  region: string;
  bucket: string;
  forcePathStyle: boolean;
  /** The storage's authentication mode (access keys, a role, the server's identity). */
  authMode: string;
  accessKey: string;
  secretKey: string;
}

export interface AzureBlobApiBinding {
  protocol: 'azure-blob-api';
  connectionString: string;
  /** The Blob service URL the connection string names ('' when it names none). */
  blobEndpoint: string;
  container: string;
}

export type StorageBinding = (S3ApiBinding | AzureBlobApiBinding) & {
  /** Extra trusted CAs (PEM) the storage's certificate may chain to. */
  caPems: string[];
  /** Whether requests to the storage go through the outbound proxy. */
  proxied: boolean;
  /** Every value above no log, file or message may show, each part a service could quote on its own included. */
  secrets: string[];
};

export interface ObjectAccessOptions {
  proxy: ProxySettings;
  timeoutMs: number;
}

/** One object as a listing or a head sees it. */
export interface ObjectInfo {
  key: string;
  size: number;
  /** Changes whenever the object's content does (the ETag), so a resumed copy knows what changed. */
  marker: string;
}

/** An object opened for reading: its bytes as a stream and what a copy must keep. */
export interface ObjectReadStream extends ObjectInfo {
  body: Readable;
  contentType: string | undefined;
  /** User metadata (names lower case), which some registries rely on. */
  metadata: Record<string, string>;
}

export interface ObjectWriteOptions {
  /** The exact number of bytes the body will give. */
  size: number;
  contentType: string | undefined;
  metadata: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * The console's own access to the storage's objects (canaries, migration). The streaming calls hold no
 * object whole in memory, and every request has an idle timeout (not a total cap, so a large part on a
 * slow link is not cut short).
 */
export interface ObjectAccess {
  list(prefix: string): Promise<string[]>;
  read(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
  /** Every object under the prefix, page by page (one page in memory at a time). */
  listObjects(prefix: string, signal?: AbortSignal): AsyncIterable<ObjectInfo>;
  /** The object's size and change marker, or null when there is none. */
  head(key: string, signal?: AbortSignal): Promise<ObjectInfo | null>;
  openRead(key: string, signal?: AbortSignal): Promise<ObjectReadStream>;
  /**
   * Streams the body up (in parts or blocks of at least PART_BYTES when larger than that, holding one in
   * memory at a time); an aborted or failed upload leaves no object.
   */
  write(key: string, body: Readable, options: ObjectWriteOptions): Promise<void>;
  close(): void;
}

/** The smallest part or block a large object goes up in; an object no larger than this goes up whole, streamed. */
export const PART_BYTES = 8 * 1024 * 1024;
