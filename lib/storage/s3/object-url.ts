// Where one object is, as S3 names it: the bucket in the path or in the host name, and the key's
// segments percent-encoded the way S3 signs them (RFC 3986 unreserved characters kept, '/' kept).

/** A bucket name that can be a DNS label under TLS: lower case letters, digits and hyphens, no dots. */
const VIRTUAL_HOSTABLE = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

export interface ObjectLocation {
  protocol: string;
  hostname: string;
  /** host[:port], as the Host header names it. */
  host: string;
  port: number | undefined;
  /** Encoded; never normalised, so a key with '.' or '..' segments is that key and no other. */
  path: string;
}

export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/**
 * `serviceUrl` may carry a path of its own (a store behind a path prefix); it is kept. A bucket that is
 * no DNS label (dots break a wildcard certificate) goes in the path whatever the setting, as the SDK does.
 */
export function objectLocation(serviceUrl: string, bucket: string, key: string, pathStyle: boolean): ObjectLocation {
  const url = new URL(serviceUrl);
  const base = url.pathname.replace(/\/+$/, '');
  const port = url.port === '' ? undefined : Number(url.port);
  const inPath = pathStyle || !VIRTUAL_HOSTABLE.test(bucket);
  const hostname = inPath ? url.hostname : `${bucket}.${url.hostname}`;
  return {
    protocol: url.protocol,
    hostname,
    host: port === undefined ? hostname : `${hostname}:${port}`,
    port,
    path: inPath ? `${base}/${bucket}/${encodeKey(key)}` : `${base}/${encodeKey(key)}`,
  };
}
