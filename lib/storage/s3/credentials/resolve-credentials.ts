import 'server-only';
import { externalIdProblem, roleArnProblem } from './auth-settings';
import { assumeRole, callerIdentityArn } from './assume-role';
import { serverChainCredentials } from './server-chain';
import type { Budget } from './sts-client';
import type { CredentialOrigin, ResolvedCredentials, S3AuthSettings, StsLocation, TemporaryCredentials } from './types';

// The credentials one storage check (or one use of the applied configuration) signs with, and a
// description of where they came from. Temporary credentials live in memory only: the caller gets
// them, the origin (safe to show, log and store) never holds them.

export interface CredentialBudget extends Budget {
  timedOut(): boolean;
}

export async function resolveS3Credentials(auth: S3AuthSettings, location: StsLocation, budget: CredentialBudget): Promise<ResolvedCredentials> {
  if (auth.mode === 'keys') {
    return {
      ok: true,
      credentials: { accessKeyId: auth.accessKey.trim(), secretAccessKey: auth.secretKey },
      origin: { mode: 'keys', source: 'access-keys', accessKeyId: auth.accessKey.trim() },
    };
  }
  if (auth.mode === 'instance') {
    const chain = await serverChainCredentials(budget);
    if (!chain.ok) return chain;
    return { ok: true, credentials: chain.credentials, origin: { mode: 'instance', source: chain.source, ...expiry(chain.credentials) } };
  }

  const arnProblem = roleArnProblem(auth.roleArn);
  if (arnProblem) return { ok: false, issue: { code: arnProblem, field: 'roleArn' } };
  const idProblem = externalIdProblem(auth.externalId);
  if (idProblem) return { ok: false, issue: { code: idProblem, field: 'externalId' } };

  // The role is assumed with the access keys when they are filled in, else with the server's identity.
  let source: TemporaryCredentials;
  let sourceOrigin: Pick<CredentialOrigin, 'source' | 'accessKeyId'>;
  if (auth.accessKey.trim() !== '') {
    source = { accessKeyId: auth.accessKey.trim(), secretAccessKey: auth.secretKey };
    sourceOrigin = { source: 'access-keys', accessKeyId: auth.accessKey.trim() };
  } else {
    const chain = await serverChainCredentials(budget);
    if (!chain.ok) return chain;
    source = chain.credentials;
    sourceOrigin = { source: chain.source };
  }
  const assumed = await assumeRole({ location, source, roleArn: auth.roleArn, externalId: auth.externalId, budget, timedOut: budget.timedOut });
  if (!assumed.ok) return assumed;
  const { role } = assumed;
  return {
    ok: true,
    credentials: role.credentials,
    origin: {
      mode: 'assume-role',
      ...sourceOrigin,
      roleArn: auth.roleArn.trim(),
      sessionName: role.sessionName,
      ...(role.assumedRoleArn ? { identityArn: role.assumedRoleArn } : {}),
      ...expiry(role.credentials),
    },
  };
}

function expiry(credentials: TemporaryCredentials): Pick<CredentialOrigin, 'expiresAt'> {
  return credentials.expiration ? { expiresAt: credentials.expiration.toISOString() } : {};
}

/**
 * The identity the check ran as: the assumed-role ARN STS already named, else sts:GetCallerIdentity
 * where the service answers it. Runs beside the check's first requests, so it costs no extra round.
 */
export async function identifyCaller(
  resolved: Extract<ResolvedCredentials, { ok: true }>,
  location: StsLocation,
  budget: Budget,
): Promise<CredentialOrigin> {
  if (resolved.origin.identityArn) return resolved.origin;
  const arn = await callerIdentityArn(location, resolved.credentials, budget);
  return arn ? { ...resolved.origin, identityArn: arn } : resolved.origin;
}
