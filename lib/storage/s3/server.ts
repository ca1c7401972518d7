import 'server-only';
import { z } from 'zod';
import { isSealedOrBlank } from '@/lib/fs/secret-box';
import type { StorageServer } from '../server-types';
import { scoped } from '@/lib/i18n/lookup';
import { describeIdentity } from './check/describe-identity';
import { describeIssue, describePermission, describeRow } from './check/describe-issue';
import { runStorageCheck } from './check/run-storage-check';
import type { StorageTarget } from './check/target';
import { s3Binding, s3ObjectAccess, storageTarget as target } from './binding';
import { effectivePathStyle, effectiveRegion } from './endpoint';
import { probeS3Health } from './health-probe';
import { bucketPolicyFor, endpointStatementFor, gatewayEndpointPolicy, minimalPolicy, statementFor } from './policy';
import { S3_AUTH_MODES } from './credentials/auth-settings';
import type { SharedValues } from '../shared/fields';
import { S3_TYPE, type S3Values } from './type';

const SECRET_KEY = S3_TYPE.fields.find((field) => field.name === 'secretKey')?.settingsKey ?? '';

const appliedSchema = z.object({
  service_url: z.string(),
  s3_bucket: z.string(),
  aws_access_key: z.string(),
  aws_secret_key: z.string().refine(isSealedOrBlank),
  s3_region: z.string(),
  s3_force_path_style: z.boolean(),
  // Absent in files applied before there were modes: access keys. Never a temporary credential:
  // the packages service obtains its own with the mode and role, and renews them.
  s3_auth_mode: z.enum(S3_AUTH_MODES).default('keys'),
  s3_role_arn: z.string().default(''),
  s3_external_id: z.string().default(''),
});

/** Long-lived keys are rendered only where they are used: a role may be assumed with them; the server's identity has none. */
function keysUsed(p: StorageTarget): boolean {
  return p.authMode === 'keys' || (p.authMode === 'assume-role' && p.accessKey.trim() !== '');
}

export const S3_SERVER: StorageServer<S3Values & SharedValues> = {
  check: (values, options) => runStorageCheck(target(values), options),
  healthProbe: (values, options) => probeS3Health(target(values), options),
  serviceBinding: s3Binding,
  objectAccess: s3ObjectAccess,
  // Region and addressing style resolved, as the registry reads them.
  renderApplied(values, seal) {
    const p = values ? target(values) : null;
    return {
      service_url: p?.serviceUrl ?? '',
      s3_bucket: p?.bucket ?? '',
      aws_access_key: p && keysUsed(p) ? p.accessKey : '',
      aws_secret_key: p && keysUsed(p) && p.secretKey !== '' ? seal(p.secretKey, SECRET_KEY) : '',
      s3_region: p ? effectiveRegion(p.serviceUrl, p.region) : '',
      s3_force_path_style: p ? effectivePathStyle(p.serviceUrl, p.pathStyle) : false,
      s3_auth_mode: p?.authMode ?? 'keys',
      s3_role_arn: p?.authMode === 'assume-role' ? (p.roleArn ?? '') : '',
      s3_external_id: p?.authMode === 'assume-role' ? (p.externalId ?? '') : '',
    };
  },
  appliedSchema,
  appliedSecretKeys: ['aws_secret_key'],
  valuesFromApplied(applied, open) {
    const p = appliedSchema.parse(applied);
    return {
      serviceUrl: p.service_url,
      bucket: p.s3_bucket,
      accessKey: p.aws_access_key,
      secretKey: p.aws_secret_key === '' ? '' : open(p.aws_secret_key, SECRET_KEY),
      region: p.s3_region,
      pathStyle: p.s3_force_path_style ? 'path' : 'virtual',
      authMode: p.s3_auth_mode,
      roleArn: p.s3_role_arn,
      externalId: p.s3_external_id,
    };
  },
  // The S3 check's texts are the type's own namespace (issues, permissions, identity), as Azure's are.
  describe: {
    issue: (issue, t, locale) => describeIssue(issue, scoped(t, S3_TYPE.namespace), locale),
    row: (row, t, _locale, errors) => describeRow(row, scoped(t, S3_TYPE.namespace), errors),
    purpose: (permission, t) => describePermission(permission, scoped(t, S3_TYPE.namespace)),
    identity: (identity, t) => describeIdentity(identity, scoped(t, S3_TYPE.namespace)),
  },
  cliOptionsHelp: `  --service-url URL        S3 endpoint, e.g. https://s3.us-west-2.amazonaws.com
  --bucket NAME            bucket name
  --auth MODE              keys | assume-role | instance (default: keys): access keys, a role
                           assumed (with the access keys if given, else this server's AWS
                           identity), or this server's AWS identity (its standard credential chain)
  --role-arn ARN           role to assume, e.g. arn:aws:iam::123456789012:role/packages
  --external-id ID         external ID the role's trust policy requires (optional)
  --access-key KEY         access key ID
  --region R               signing region (default: derived from the URL, else us-east-1)
  --path-style MODE        auto | path | virtual (default: auto)`,
  cliTarget: (values) => `bucket ${target(values).bucket} at ${target(values).serviceUrl}`,
  // With a role, the bucket policy names it: that is what an admin pastes on the bucket for it.
  // Beside it, for a server in a private network, the policy its S3 gateway endpoint must have too.
  checkHelp: (bucket, identity) => ({
    ...(identity?.role
      ? { titleKey: 'bucketPolicyTitle', text: JSON.stringify(bucketPolicyFor(bucket, identity.role), null, 2) }
      : { titleKey: 'policyTitle', text: JSON.stringify(minimalPolicy(bucket), null, 2) }),
    related: [{ titleKey: 'endpointPolicyTitle', text: JSON.stringify(gatewayEndpointPolicy(bucket), null, 2), fixes: ['vpcEndpointDenied'] }],
    shownFor: ['permissionDenied', 'multipartDenied', 'vpcEndpointDenied'],
  }),
  identityFields: {
    accessKeyId: 'The access key ID signed with, when long-lived keys were used (an identifier, not a secret)',
    role: 'The ARN of the role assumed',
    session: 'The role session name, as CloudTrail shows it',
  },
  grantFor: (permission, bucket, code) => {
    if (code === 'vpcEndpointDenied') return JSON.stringify(endpointStatementFor(permission, bucket));
    return code === 'permissionDenied' ? JSON.stringify(statementFor(permission, bucket)) : null;
  },
};
