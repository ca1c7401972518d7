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

/** The console's own access to the storage's objects (canaries; migration later). */
export interface ObjectAccess {
  list(prefix: string): Promise<string[]>;
  read(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
  close(): void;
}
