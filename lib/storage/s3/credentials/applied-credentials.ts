import 'server-only';
import { createHash } from 'node:crypto';
import { startDeadline } from '@/lib/storage/check/deadline';
import { renewingCredentials } from './renewing-provider';
import { resolveS3Credentials } from './resolve-credentials';
import type { CredentialIssue, ResolvedCredentials, S3AuthSettings, StsLocation, TemporaryCredentials } from './types';

// The credentials the applied configuration is used with (the health monitor's probes of what is in
// force). Assume-role and instance modes keep one renewing provider per applied configuration, in
// memory only: a configuration that changes mode, role, keys or endpoint gets a new one.

export type AppliedCredentials = { ok: true; credentials: TemporaryCredentials } | { ok: false; issue: CredentialIssue };

export type ResolveCredentials = (auth: S3AuthSettings, location: StsLocation, timeoutMs: number) => Promise<ResolvedCredentials>;

class CredentialFailure extends Error {
  constructor(readonly issue: CredentialIssue) {
    super(issue.code);
  }
}

/** Identifies an applied configuration without keeping its secret key in clear beside the provider. */
function fingerprint(auth: S3AuthSettings, location: StsLocation): string {
  const parts = [auth.mode, auth.roleArn.trim(), auth.externalId, auth.accessKey.trim(), auth.secretKey, location.serviceUrl, location.region];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

const resolveWithinTimeout: ResolveCredentials = (auth, location, timeoutMs) => resolveS3Credentials(auth, location, startDeadline(timeoutMs));

export function appliedCredentialsCache(resolve: ResolveCredentials = resolveWithinTimeout, now: () => number = Date.now) {
  let current: { key: string; credentials: () => Promise<TemporaryCredentials> } | null = null;

  return async function appliedCredentials(auth: S3AuthSettings, location: StsLocation, timeoutMs: number): Promise<AppliedCredentials> {
    if (auth.mode === 'keys') return { ok: true, credentials: { accessKeyId: auth.accessKey.trim(), secretAccessKey: auth.secretKey } };
    const key = fingerprint(auth, location);
    if (current?.key !== key) {
      // A renewal shared by concurrent callers keeps its own deadline, not one caller's signal.
      const fetch = async () => {
        const resolved = await resolve(auth, location, timeoutMs);
        if (!resolved.ok) throw new CredentialFailure(resolved.issue);
        return resolved.credentials;
      };
      current = { key, credentials: renewingCredentials(fetch, { now }) };
    }
    try {
      return { ok: true, credentials: await current.credentials() };
    } catch (error) {
      if (error instanceof CredentialFailure) return { ok: false, issue: error.issue };
      throw error;
    }
  };
}

/** The console's one cache: the applied configuration is a single one at a time. */
export const appliedS3Credentials = appliedCredentialsCache();
