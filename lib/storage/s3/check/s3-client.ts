import 'server-only';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { StorageAgents } from '@/lib/network/storage-agent';
import { effectivePathStyle, effectiveRegion } from '@/lib/storage/s3/endpoint';
import { isNonS3Type } from './error-shape';
import type { TemporaryCredentials } from '../credentials/types';
import type { StorageTarget } from './target';

import { MAX_CONNECT_TIMEOUT_MS } from '@/lib/storage/check/deadline';

export { DEFAULT_CHECK_TIMEOUT_MS, MAX_CONNECT_TIMEOUT_MS, startDeadline, type Deadline } from '@/lib/storage/check/deadline';

/** `credentials`: what the target's authentication mode obtained (else the target's access keys). */
export function createCheckClient(target: StorageTarget, timeoutMs: number, agents?: StorageAgents, credentials?: TemporaryCredentials): S3Client {
  const client = new S3Client(clientOptions(target, agents, credentials, { connectionTimeout: Math.min(timeoutMs, MAX_CONNECT_TIMEOUT_MS), requestTimeout: timeoutMs, throwOnRequestTimeout: true }));
  rejectWebPages(client);
  return client;
}

/**
 * For moving objects: no web-page guard (an object's own content type, a package's JSON or an HTML
 * readme, is no sign of a web page), and `timeoutMs` is the socket's idle timeout rather than a cap on
 * the whole request, so a large part on a slow link is not cut short while bytes still flow.
 */
export function createObjectClient(target: StorageTarget, timeoutMs: number, agents?: StorageAgents, credentials?: TemporaryCredentials | (() => Promise<TemporaryCredentials>)): S3Client {
  return new S3Client({
    ...clientOptions(target, agents, credentials, { connectionTimeout: Math.min(timeoutMs, MAX_CONNECT_TIMEOUT_MS), socketTimeout: timeoutMs }),
    // A round trip per large upload saved: a refused upload fails on its answer all the same.
    expectContinueHeader: false,
  });
}

interface HandlerTimeouts {
  connectionTimeout: number;
  requestTimeout?: number;
  socketTimeout?: number;
  throwOnRequestTimeout?: boolean;
}

function clientOptions(target: StorageTarget, agents: StorageAgents | undefined, credentials: TemporaryCredentials | (() => Promise<TemporaryCredentials>) | undefined, timeouts: HandlerTimeouts): S3ClientConfig {
  return {
    endpoint: target.serviceUrl,
    region: effectiveRegion(target.serviceUrl, target.region),
    forcePathStyle: effectivePathStyle(target.serviceUrl, target.pathStyle),
    credentials: credentials ?? { accessKeyId: target.accessKey, secretAccessKey: target.secretKey },
    // S3-compatible stores (Ceph, older MinIO) reject or mis-verify the newer default CRC checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A retry would hide the first error and stretch the timing the admin sees (a copy retries on its own).
    maxAttempts: 1,
    // We report a wrong region instead of silently following it: the saved settings must be right.
    followRegionRedirects: false,
    // Bucket names ending in --x-s3 would otherwise switch to S3 Express session auth.
    disableS3ExpressSessionAuth: true,
    // Options rather than an instance: the SDK builds its own NodeHttpHandler, so we need no direct
    // dependency on @smithy/node-http-handler. The agents add the trusted CAs and the proxy.
    requestHandler: { ...(agents ? { httpAgent: agents.httpAgent, httpsAgent: agents.httpsAgent } : {}), ...timeouts },
  };
}

interface RawResponse {
  statusCode?: number;
  headers?: Record<string, string>;
  body?: { destroy?: () => void };
}

/**
 * A web console or a catch-all web server answers 200 with a page to PUT and DELETE too, which the
 * SDK would take as success: the check would pass permissions against something that stores nothing.
 * S3 never answers an API call with HTML or JSON, so such an answer becomes an error classify-error.ts names.
 */
function rejectWebPages(client: S3Client): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as RawResponse;
      const header = (wanted: string) => Object.entries(response.headers ?? {}).find(([name]) => name.toLowerCase() === wanted)?.[1];
      // An empty answer is no page, whatever its label: some S3-compatible stores tag empty 2xx as HTML.
      const empty = response.statusCode === 204 || response.statusCode === 304 || header('content-length') === '0';
      if (!isNonS3Type(header('content-type')) || empty) return result;
      response.body?.destroy?.();
      const error = Object.assign(new Error('The endpoint answered with a web page'), {
        name: 'WebPageAnswer',
        $metadata: { httpStatusCode: response.statusCode },
      });
      Object.defineProperty(error, '$response', { value: response, enumerable: false });
      throw error;
    },
    { step: 'build', name: 'rejectWebPages' },
  );
}

/** The bucket's base URL as an anonymous client would address it, matching the signed client's style. */
export function bucketBaseUrl(target: StorageTarget): string {
  const url = new URL(target.serviceUrl);
  // Like the SDK: a dotted bucket name cannot match a wildcard certificate, so it falls back to path style.
  const dottedOverTls = url.protocol === 'https:' && target.bucket.includes('.');
  if (effectivePathStyle(target.serviceUrl, target.pathStyle) || dottedOverTls) {
    return `${url.origin}/${encodeURIComponent(target.bucket)}`;
  }
  return `${url.protocol}//${target.bucket}.${url.host}`;
}

export function objectUrl(target: StorageTarget, key: string): string {
  return `${bucketBaseUrl(target)}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
