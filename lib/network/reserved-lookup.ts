import 'server-only';
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { isReservedServiceHost } from '@/lib/http/reserved-hosts';

// The reserved-address rule (lib/http/reserved-hosts.ts) applied to the address a connection is
// actually made to: a host name that resolves to a link-local or metadata address is refused after
// DNS, before connecting, so a name cannot bring back what the rule refuses as a literal.

export class ReservedAddressError extends Error {
  override readonly name = 'ReservedAddressError';
  readonly code = 'ERR_RESERVED_ADDRESS';
  constructor(
    /** The host of the endpoint, as written in its URL. */
    readonly host: string,
    /** The reserved address it is or resolved to. */
    readonly address: string,
  ) {
    super(`ERR_RESERVED_ADDRESS (${host} -> ${address})`);
  }
}

const systemLookup: LookupFunction = (hostname, options, callback) => dns.lookup(hostname, options, callback);

/** `resolve` (the system's resolver unless a test gives one) with every reserved answer refused. */
export function refusingReservedLookup(resolve: LookupFunction = systemLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options, (error, address, family) => {
      if (error) return callback(error, address, family);
      const addresses = typeof address === 'string' ? [address] : address.map((entry) => entry.address);
      const reserved = addresses.find((value) => isReservedServiceHost(value));
      if (reserved === undefined) return callback(null, address, family);
      callback(new ReservedAddressError(hostname, reserved), '', 0);
    });
  };
}

/** An IP address written as the host is never looked up: the same rule, before connecting. */
export function reservedLiteral(host: string): ReservedAddressError | null {
  const bare = host.replace(/^\[|\]$/g, '');
  return isIP(bare) !== 0 && isReservedServiceHost(bare) ? new ReservedAddressError(host, bare) : null;
}
