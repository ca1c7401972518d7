import { parseRoleArn } from './auth-settings';

// Shown to the admin for copy-paste into IAM or the store's role settings, so it also runs in the
// browser: no secrets and no server-only import here.

export interface TrustPolicyDocument {
  Version: '2012-10-17';
  Statement: {
    Effect: 'Allow';
    Principal: { AWS: string };
    Action: 'sts:AssumeRole';
    Condition?: { StringEquals: { 'sts:ExternalId': string } };
  }[];
}

/**
 * The principal to trust when the caller is not known (the store does not answer GetCallerIdentity):
 * the role's own account on AWS, a user placeholder on account-less stores.
 */
export function placeholderPrincipal(roleArn: string): string {
  const parts = parseRoleArn(roleArn);
  if (parts && parts.account !== '') return `arn:${parts.partition}:iam::${parts.account}:root`;
  return `arn:${parts?.partition ?? 'aws'}:iam:::user/USER_NAME`;
}

/** The trust policy of the role that lets `principalArn` assume it (with the external ID as a condition). */
export function trustPolicyFor(roleArn: string, principalArn: string | null, externalId: string): TrustPolicyDocument {
  const id = externalId.trim();
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: principalArn ?? placeholderPrincipal(roleArn) },
        Action: 'sts:AssumeRole',
        ...(id === '' ? {} : { Condition: { StringEquals: { 'sts:ExternalId': id } } }),
      },
    ],
  };
}
