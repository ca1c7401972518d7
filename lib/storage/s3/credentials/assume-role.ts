import 'server-only';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { hostOf, isAwsEndpoint } from '@/lib/storage/s3/endpoint';
import { roleSessionName } from './auth-settings';
import { classifyAssumeRoleError } from './sts-errors';
import { createStsClient, stsEndpoint, type Budget } from './sts-client';
import type { CredentialIssue, StsLocation, TemporaryCredentials } from './types';

// The shortest session STS grants: a check needs seconds, and the applied configuration renews
// the credentials before they expire (renewing-provider.ts).
export const ROLE_SESSION_SECONDS = 900;

export interface AssumedRole {
  credentials: TemporaryCredentials;
  assumedRoleArn: string | undefined;
  sessionName: string;
}

export interface AssumeRoleRequest {
  location: StsLocation;
  source: TemporaryCredentials;
  roleArn: string;
  externalId: string;
  budget: Budget;
  timedOut: () => boolean;
}

export async function assumeRole(request: AssumeRoleRequest): Promise<{ ok: true; role: AssumedRole } | { ok: false; issue: CredentialIssue }> {
  const { location, source, budget } = request;
  const client = createStsClient(location, source, budget);
  const sessionName = roleSessionName();
  const externalId = request.externalId.trim();
  try {
    const answer = await client.send(
      new AssumeRoleCommand({
        RoleArn: request.roleArn.trim(),
        RoleSessionName: sessionName,
        DurationSeconds: ROLE_SESSION_SECONDS,
        ...(externalId === '' ? {} : { ExternalId: externalId }),
      }),
      { abortSignal: budget.signal },
    );
    const issued = answer.Credentials;
    if (!issued?.AccessKeyId || !issued.SecretAccessKey) {
      return { ok: false, issue: { code: 'stsFailed', field: 'roleArn', params: { name: 'NoCredentials', status: '200' } } };
    }
    return {
      ok: true,
      role: {
        credentials: {
          accessKeyId: issued.AccessKeyId,
          secretAccessKey: issued.SecretAccessKey,
          sessionToken: issued.SessionToken,
          expiration: issued.Expiration,
        },
        assumedRoleArn: answer.AssumedRoleUser?.Arn,
        sessionName,
      },
    };
  } catch (error) {
    // Only for the trust policy the fix box shows: who the role must trust.
    const callerArn = await callerIdentityArn(location, source, budget);
    const stsHost = hostOf(stsEndpoint(location)) ?? '';
    return { ok: false, issue: classifyAssumeRoleError(error, { roleArn: request.roleArn, externalId, callerArn, stsHost, timedOut: request.timedOut() }) };
  } finally {
    client.destroy();
  }
}

/**
 * sts:GetCallerIdentity on AWS, else null: S3-compatible stores do not answer it (the Ceph gateway
 * says 405), so they are not asked, and the caller is described by where its credentials came from.
 * Null as well when AWS does not answer within the budget.
 */
export async function callerIdentityArn(location: StsLocation, credentials: TemporaryCredentials, budget: Budget): Promise<string | null> {
  if (!isAwsEndpoint(location.serviceUrl) || budget.signal.aborted || budget.remainingMs() <= 0) return null;
  const client = createStsClient(location, credentials, budget);
  try {
    const answer = await client.send(new GetCallerIdentityCommand({}), { abortSignal: budget.signal });
    return answer.Arn ?? null;
  } catch {
    return null;
  } finally {
    client.destroy();
  }
}
