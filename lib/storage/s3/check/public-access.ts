import 'server-only';
import { plainGet, type PlainAgents } from '@/lib/http/plain-get';
import { bucketBaseUrl, objectUrl } from './s3-client';
import type { StorageTarget } from './target';

// Proof of public access: the same requests an anonymous visitor would send, with no
// Authorization header at all. Any failure (refused, 403, TLS, timeout) means "not public"
// because these are advisories and must never turn a passing check into a failing one. They go
// through the check's agents, as the signed requests do: the same proxy, trusted CAs and address rule.

const MAX_BODY_BYTES = 64 * 1024;

export async function isPubliclyListable(target: StorageTarget, signal: AbortSignal, agents: PlainAgents): Promise<boolean> {
  const answer = await plainGet(`${bucketBaseUrl(target)}/?list-type=2&max-keys=1`, signal, MAX_BODY_BYTES, agents);
  // A web server answering 200 to anything is not an S3 listing: require the XML root element.
  return answer?.status === 200 && answer.body.includes('<ListBucketResult');
}

export async function isPubliclyReadable(target: StorageTarget, key: string, expected: string, signal: AbortSignal, agents: PlainAgents): Promise<boolean> {
  const answer = await plainGet(objectUrl(target, key), signal, MAX_BODY_BYTES, agents);
  return answer?.status === 200 && answer.body === expected;
}
