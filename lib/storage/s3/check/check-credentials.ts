import 'server-only';
import type { Deadline } from '@/lib/storage/check/deadline';
import { selectKey } from './describe-identity';
import type { CheckIdentity, StorageCheckIssue } from '@/lib/storage/check/types';
import { identifyCaller, resolveS3Credentials } from '../credentials/resolve-credentials';
import type { CredentialIssue, CredentialOrigin, StsLocation, TemporaryCredentials } from '../credentials/types';
import { authModeOf } from '../type';
import type { StorageTarget } from './target';

// The credentials one check signs with, obtained within the check's own deadline, and who they
// belong to. Temporary credentials stay in this check's memory; only the identity leaves it.

export type CheckCredentials =
  | { ok: true; credentials: TemporaryCredentials; identity: () => Promise<CheckIdentity> }
  | { ok: false; issue: StorageCheckIssue };

export function identityOf(origin: CredentialOrigin): CheckIdentity {
  return {
    mode: origin.mode,
    source: origin.source,
    ...(origin.identityArn ? { principal: origin.identityArn } : {}),
    ...(origin.accessKeyId ? { accessKeyId: origin.accessKeyId } : {}),
    ...(origin.roleArn ? { role: origin.roleArn } : {}),
    ...(origin.sessionName ? { session: origin.sessionName } : {}),
    ...(origin.expiresAt ? { expiresAt: origin.expiresAt } : {}),
  };
}

/** Message arguments: a chain link as an ICU select key; whether instance metadata was asked. */
function messageParams(params: Record<string, string>): Record<string, string> {
  const shown = { ...params };
  if (params.source) shown.source = selectKey(params.source);
  if (params.tried !== undefined) shown.metadata = params.tried.split(',').includes('instance-metadata') ? 'tried' : 'disabled';
  return shown;
}

export function checkIssueOf(issue: CredentialIssue): StorageCheckIssue {
  return {
    code: issue.code,
    field: issue.field,
    ...(issue.params ? { params: messageParams(issue.params) } : {}),
    ...(issue.trustPolicy ? { policy: issue.trustPolicy } : {}),
  };
}

export async function obtainCheckCredentials(target: StorageTarget, region: string, deadline: Deadline, agents?: StsLocation['agents']): Promise<CheckCredentials> {
  const location: StsLocation = { serviceUrl: target.serviceUrl, region, ...(agents ? { agents } : {}) };
  const resolved = await resolveS3Credentials(
    { mode: authModeOf(target), roleArn: target.roleArn ?? '', externalId: target.externalId ?? '', accessKey: target.accessKey, secretKey: target.secretKey },
    location,
    deadline,
  );
  if (!resolved.ok) return { ok: false, issue: checkIssueOf(resolved.issue) };
  return {
    ok: true,
    credentials: resolved.credentials,
    // sts:GetCallerIdentity beside the probes (a role's ARN is known already: no request then).
    identity: async () => identityOf(await identifyCaller(resolved, location, deadline)),
  };
}
