import type tls from 'node:tls';

/** A certificate's subject or issuer as an admin reads it: `CN=…, O=…` (a repeated attribute joined by `+`). */
export function distinguishedName(value: tls.Certificate | undefined): string {
  if (!value) return '';
  return Object.entries(value)
    .map(([key, part]: [string, unknown]) => `${key}=${Array.isArray(part) ? part.join('+') : String(part)}`)
    .join(', ');
}
