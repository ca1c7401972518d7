import type { NetworkIssue } from './tls-diagnosis';

// A connection refused for its reserved address (reserved-lookup.ts) as a finding on the endpoint's
// field, never as a generic network error: the same rule as a reserved address written in the URL.

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  host?: unknown;
  address?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The refusal somewhere in an error's chain (the SDKs wrap it), with its host and address. */
export function findReservedRefusal(error: unknown, depth = 0): { host: string; address: string } | null {
  if (typeof error !== 'object' || error === null || depth > 5) return null;
  const like = error as ErrorLike;
  if (like.name === 'ReservedAddressError' && typeof like.host === 'string' && typeof like.address === 'string') return { host: like.host, address: like.address };
  const nested = Array.isArray(like.errors) ? like.errors : [];
  for (const inner of [like.cause, ...nested]) {
    const found = findReservedRefusal(inner, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * `recorded` is the agents' own record of the refusal, for an SDK that keeps only the error's code
 * (the Azure SDK's RestError): used only when the error carries that code.
 */
export function reservedAddressIssue(error: unknown, recorded?: unknown): NetworkIssue | null {
  const carriesCode = typeof error === 'object' && error !== null && (error as ErrorLike).code === 'ERR_RESERVED_ADDRESS';
  const refusal = findReservedRefusal(error) ?? (carriesCode ? findReservedRefusal(recorded) : null);
  return refusal ? { code: 'endpointReservedAddress', params: { host: refusal.host, address: refusal.address } } : null;
}
