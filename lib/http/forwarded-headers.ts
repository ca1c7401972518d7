import { normalizeAddress } from './ip-address';

// What reverse proxies write about the request they pass on: X-Forwarded-For, -Host and -Proto, or the
// standard Forwarded header (RFC 7239). Each proxy appends to the right, so only the rightmost entries,
// those the trusted proxies added, are believed (lib/http/request-origin.ts walks them).

/** One X-Forwarded-For entry or Forwarded `for=` value. */
export type ForwardedNode = { kind: 'address'; address: string } | { kind: 'obfuscated'; id: string } | { kind: 'unknown' };

const OBFUSCATED = /^_[A-Za-z0-9._-]{1,62}$/;
const PORT = String.raw`(?::(?:\d{1,5}|_[A-Za-z0-9._-]+))?`;
const BRACKETED = new RegExp(String.raw`^\[([0-9A-Fa-f:.]+(?:%[^\]]*)?)\]${PORT}$`);
const IPV4_WITH_PORT = new RegExp(String.raw`^(\d{1,3}(?:\.\d{1,3}){3})${PORT}$`);
const OBFUSCATED_WITH_PORT = new RegExp(String.raw`^(_[A-Za-z0-9._-]{1,62})${PORT}$`);

/** `10.1.1.3:5678`, `[2001:db8::1]:443`, `2001:db8::1`, `unknown`, `_hidden` (RFC 7239 §6); null when it is none of them. */
export function parseNode(value: string): ForwardedNode | null {
  const text = value.trim();
  if (/^unknown$/i.test(text)) return { kind: 'unknown' };
  const obfuscated = OBFUSCATED_WITH_PORT.exec(text)?.[1];
  if (obfuscated) return { kind: 'obfuscated', id: obfuscated };
  const host = BRACKETED.exec(text)?.[1] ?? IPV4_WITH_PORT.exec(text)?.[1] ?? text;
  const address = normalizeAddress(host);
  return address === null ? null : { kind: 'address', address };
}

export function isObfuscatedIdentifier(value: string): boolean {
  return OBFUSCATED.test(value);
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
// name=value, the value a token, a quoted string (backslash escapes) or, leniently, anything up to ; , or space.
const PAIR = new RegExp(String.raw`\s*(${TOKEN})\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;,\s"]+))\s*([;,]|$)`, 'y');

/** The elements of a Forwarded header, left to right, parameter names lower-cased; null when it does not parse. */
export function parseForwarded(header: string): Record<string, string>[] | null {
  const elements: Record<string, string>[] = [];
  let element: Record<string, string> = {};
  PAIR.lastIndex = 0;
  while (PAIR.lastIndex < header.length) {
    const start = PAIR.lastIndex;
    const match = PAIR.exec(header);
    if (!match || PAIR.lastIndex === start) return null;
    const [, name = '', quoted, plain, separator] = match;
    element[name.toLowerCase()] = quoted === undefined ? (plain ?? '') : quoted.replace(/\\(.)/g, '$1');
    if (separator !== ';') {
      elements.push(element);
      element = {};
    }
  }
  if (Object.keys(element).length > 0) elements.push(element);
  return elements;
}

/** A comma-separated header's values, left to right, trimmed. */
export function listValues(header: string | null): string[] {
  return header === null ? [] : header.split(',').map((value) => value.trim());
}
