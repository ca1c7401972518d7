import { ipv6Words } from './ipv6-words';

// Addresses a storage endpoint may never point at: link-local networks and the cloud providers'
// instance metadata and platform services. A request sent there reaches this server's own cloud
// credentials, not a storage service. The rule applies to the host as written (the form, the Manage
// API) and to every address a name resolves to (lib/network/reserved-lookup.ts), so DNS cannot bring
// such an address back. No server-only: the shared form schema runs this rule in the browser too.

// GCP's metadata server (the short name resolves through the VM's search domain), AWS's instance-data.
const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);
// Alibaba Cloud's metadata service; Azure's platform address (WireServer: VM agent, DNS, health).
// 169.254.169.254 (AWS, Azure, GCP, Oracle) is link-local.
const METADATA_IPV4 = new Set(['100.100.100.200', '168.63.129.16']);

function isReservedIpv4(address: string): boolean {
  return /^169\.254\.\d{1,3}\.\d{1,3}$/.test(address) || METADATA_IPV4.has(address);
}

function ipv4Of(high: number, low: number): string {
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/**
 * The IPv4 address an IPv6 one carries and a network delivers to it: IPv4-compatible (::/96),
 * IPv4-mapped (::ffff:0:0/96), SIIT (::ffff:0:0:0/96), NAT64 (64:ff9b::/96, 64:ff9b:1::/48), 6to4 (2002::/16).
 */
function embeddedIpv4(words: readonly number[]): string | null {
  const [w0, w1, w2, w3, w4, w5, w6 = 0, w7 = 0] = words;
  const zero = (...values: (number | undefined)[]) => values.every((value) => value === 0);
  if (zero(w0, w1, w2, w3) && ((w4 === 0 && (w5 === 0 || w5 === 0xffff)) || (w4 === 0xffff && w5 === 0))) return ipv4Of(w6, w7);
  if (w0 === 0x64 && w1 === 0xff9b && (zero(w2, w3, w4, w5) || w2 === 1)) return ipv4Of(w6, w7);
  if (w0 === 0x2002 && w1 !== undefined && w2 !== undefined) return ipv4Of(w1, w2);
  return null;
}

function isReservedIpv6(words: readonly number[]): boolean {
  // fe80::/10, and AWS's IPv6 metadata address fd00:ec2::254.
  if (((words[0] ?? 0) & 0xffc0) === 0xfe80) return true;
  if (words.join(':') === [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254].join(':')) return true;
  const ipv4 = embeddedIpv4(words);
  return ipv4 !== null && isReservedIpv4(ipv4);
}

/** A host name or an IP address: `hostname` as `new URL()` gives it, or an address a name resolved to. */
export function isReservedServiceHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (METADATA_NAMES.has(host) || isReservedIpv4(host)) return true;
  if (!host.includes(':')) return false;
  const words = ipv6Words(host);
  return words !== null && isReservedIpv6(words);
}
