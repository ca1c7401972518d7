import 'server-only';
import { plainGet } from '@/lib/http/plain-get';
import { bucketBaseUrl, objectUrl } from './s3-client';
import type { StorageTarget } from './target';

// Proof of public access: the same requests an anonymous visitor would send, with no
// Authorization header at all. Any failure (refused, 403, TLS, timeout) means "not public"
// because these are advisories and must never turn a passing check into a failing one.

const MAX_BODY_BYTES = 64 * 1024;

function anonymousGet(url: string, signal: AbortSignal): Promise<{ status: number; body: string } | null> {
  return plainGet(url, signal, MAX_BODY_BYTES);
}

export async function isPubliclyListable(target: StorageTarget, signal: AbortSignal): Promise<boolean> {
  const answer = await anonymousGet(`${bucketBaseUrl(target)}/?list-type=2&max-keys=1`, signal);
  // A web server answering 200 to anything is not an S3 listing: require the XML root element.
  return answer?.status === 200 && answer.body.includes('<ListBucketResult');
}

export async function isPubliclyReadable(target: StorageTarget, key: string, expected: string, signal: AbortSignal): Promise<boolean> {
  const answer = await anonymousGet(objectUrl(target, key), signal);
  return answer?.status === 200 && answer.body === expected;
}
