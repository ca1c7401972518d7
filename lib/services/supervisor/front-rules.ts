import type { IncomingHttpHeaders } from 'node:http';

// What the front does to a request's credentials before it reaches the instance, the same for every
// service. A service that allows anonymous reads gives the front an internal read account's Authorization
// value: it is added to a read (GET, HEAD) that carries no credential of its own. A request that brings
// one, right or wrong, goes on untouched (a wrong credential is refused, never silently replaced), and a
// write never gets the read account (a client that somehow sent its value on a write is refused here).

export const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/** What the front adds, and where it adds nothing (RenderedService.anonymousRead). */
export interface AnonymousRead {
  authorization: string;
  /**
   * Paths a credential-less request reaches the instance untouched on, so that it still answers with its
   * authentication challenge: clients that ask it once (a registry's API ping) and send their
   * credentials only if challenged would otherwise never send them on their writes.
   */
  challengePaths?: readonly string[];
}

export type CredentialRule = { action: 'pass' } | { action: 'add'; authorization: string } | { action: 'refuse' };

/**
 * No credential: no Authorization header, or Basic with an empty user and password, which a client that
 * was challenged but has no credential sends (skopeo with --src-no-creds, containers/image).
 */
export function carriesNoCredential(authorization: string | undefined): boolean {
  if (authorization === undefined) return true;
  const basic = /^Basic\s+([A-Za-z0-9+/=]*)\s*$/i.exec(authorization);
  if (!basic) return false;
  const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
  return decoded === '' || decoded === ':';
}

/**
 * The user name of a Basic credential, as the registry reads it (Go's Request.BasicAuth): the scheme in
 * any case, the base64 decoded, the name up to the first colon, compared as it is (htpasswd names are
 * case-sensitive). Null for anything else. Node's decoder is the more lenient (padding, URL-safe
 * letters): it can only make the refusal below catch more.
 */
export function basicUserOf(authorization: string | undefined): string | null {
  const basic = authorization === undefined ? null : /^\s*Basic\s+(\S+)\s*$/i.exec(authorization);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(0, colon);
}

/** Another credential scheme (a Bearer token): the scheme in any case and the value, spaces around ignored. */
function otherCredentialOf(authorization: string | undefined): string | null {
  const parts = authorization === undefined ? null : /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization);
  return parts ? `${(parts[1] ?? '').toLowerCase()} ${parts[2] ?? ''}` : null;
}

/** Whether `given` is the read account's credential, however it is spelled. */
function isReadAccount(given: string | undefined, read: string): boolean {
  const readUser = basicUserOf(read);
  if (readUser !== null) return basicUserOf(given) === readUser;
  const readCredential = otherCredentialOf(read);
  return readCredential !== null && otherCredentialOf(given) === readCredential;
}

export function credentialRule(method: string, url: string, headers: IncomingHttpHeaders, anonymous: AnonymousRead | undefined): CredentialRule {
  if (!anonymous) return { action: 'pass' };
  const given = headers.authorization;
  if (!READ_METHODS.has(method)) {
    // The read account is the front's own: on a write it can only have been copied from somewhere. For Basic
    // its user name decides, so another spelling of it (scheme case, padding, spaces, another password) is
    // refused too; a token (the build cache's Bearer) is refused whatever the scheme's case and spacing.
    return isReadAccount(given, anonymous.authorization) ? { action: 'refuse' } : { action: 'pass' };
  }
  if (!carriesNoCredential(given)) return { action: 'pass' };
  const pathname = url.split('?')[0] ?? '';
  if (given === undefined && anonymous.challengePaths?.includes(pathname)) return { action: 'pass' };
  return { action: 'add', authorization: anonymous.authorization };
}
