import { BlockList, isIP } from 'node:net';
import { ipv6Words } from './ipv6-words';

// IP addresses and ranges as the console meets them: socket addresses (IPv4 may come as ::ffff:a.b.c.d),
// X-Forwarded-For entries, and the CONSOLE_TRUSTED_PROXIES list (addresses or CIDR ranges).

export interface AddressRange {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** `::ffff:127.0.0.2` → `127.0.0.2`; brackets and an IPv6 zone dropped; null when it is not an IP address. */
export function normalizeAddress(value: string): string | null {
  let address = value.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped?.[1]) address = mapped[1];
  return isIP(address) === 0 ? null : address;
}

/** `10.0.0.0/8`, `::1` or `192.0.2.7` → a range; null for anything else. */
export function parseAddressRange(value: string): AddressRange | null {
  const [head = '', prefixText, ...extra] = value.trim().split('/');
  const address = normalizeAddress(head);
  if (!address || extra.length > 0) return null;
  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  const max = family === 'ipv4' ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  return prefix <= max ? { address, prefix, family } : null;
}

export function rangeList(ranges: readonly AddressRange[]): BlockList {
  const list = new BlockList();
  for (const { address, prefix, family } of ranges) list.addSubnet(address, prefix, family);
  return list;
}

export function inRanges(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Whom a failed sign-in is counted against: the IPv4 address, or the /64 of an IPv6 address
 * (one subscriber usually holds a whole /64, so counting single IPv6 addresses would count nothing),
 * or the identifier a trusted proxy gives a client it does not name (RFC 7239 `for=_hidden`).
 */
export function clientKey(address: string | null): string {
  if (address !== null && /^_[A-Za-z0-9._-]{1,62}$/.test(address)) return address;
  const normalized = address === null ? null : normalizeAddress(address);
  if (!normalized) return 'unknown';
  if (isIP(normalized) === 4) return normalized;
  const groups = (ipv6Words(normalized) ?? []).slice(0, 4).map((word) => word.toString(16));
  return `${groups.join(':')}::/64`;
}
