// Addresses a storage service URL may never point at: link-local networks and the cloud providers'
// instance metadata services. A check sent there reaches this server's own cloud credentials, not S3.
// No server-only: the shared form schema runs this rule in the browser too.

const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata.goog']);
// Alibaba Cloud's metadata service; AWS's IPv6 one. 169.254.169.254 (AWS, Azure, GCP, Oracle) is link-local.
const METADATA_IPV4 = new Set(['100.100.100.200']);
const METADATA_IPV6 = new Set(['fd00:ec2::254']);

function isLinkLocalIpv4(host: string): boolean {
  return /^169\.254\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** IPv4 written inside IPv6 (::ffff:a9fe:a9fe, as the URL parser normalizes ::ffff:169.254.169.254). */
function embeddedIpv4(host: string): string | null {
  const [, highText, lowText] = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host) ?? [];
  if (!highText || !lowText) return null;
  const [high, low] = [parseInt(highText, 16), parseInt(lowText, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** `hostname` as `new URL()` gives it: IPv4 in dotted decimal, IPv6 in brackets and compressed. */
export function isReservedServiceHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (METADATA_NAMES.has(host) || METADATA_IPV4.has(host) || METADATA_IPV6.has(host)) return true;
  if (isLinkLocalIpv4(host)) return true;
  const mapped = embeddedIpv4(host);
  if (mapped && (isLinkLocalIpv4(mapped) || METADATA_IPV4.has(mapped))) return true;
  // fe80::/10: the first 10 bits are 1111111010, so fe80 to febf.
  return /^fe[89ab][0-9a-f]:/.test(host);
}
