import type { Permission } from '@/lib/storage/check/types';

// Shown to the admin (copy-paste into IAM or a bucket policy), so it also runs in the browser:
// no secrets and no server-only import here.

/** Actions authorized against the bucket itself; the others are authorized against its objects. */
const BUCKET_ACTIONS: ReadonlySet<Permission> = new Set<Permission>(['s3:ListBucket', 's3:ListBucketMultipartUploads']);

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: Permission[];
  Resource: string;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

export function resourceFor(permission: Permission, bucket: string): string {
  return BUCKET_ACTIONS.has(permission) ? bucketArn(bucket) : `${bucketArn(bucket)}/*`;
}

/** The one statement that grants a single missing permission, for a "copy the fix" button. */
export function statementFor(permission: Permission, bucket: string): PolicyStatement {
  const sid = `GitHubPackages${permission.replace(/^s3:/, '')}`;
  return { Sid: sid, Effect: 'Allow', Action: [permission], Resource: resourceFor(permission, bucket) };
}

/** An identity policy granting exactly the seven permissions GitHub Packages needs, and nothing else. */
export function minimalPolicy(bucket: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'GitHubPackagesBucket',
        Effect: 'Allow',
        Action: ['s3:ListBucket', 's3:ListBucketMultipartUploads'],
        Resource: bucketArn(bucket),
      },
      {
        Sid: 'GitHubPackagesObjects',
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        Resource: `${bucketArn(bucket)}/*`,
      },
    ],
  };
}

export interface BucketPolicyDocument {
  Version: '2012-10-17';
  Statement: (PolicyStatement & { Principal: { AWS: string } })[];
}

/**
 * The same seven permissions as a bucket policy naming `principal` (the role the console assumes):
 * for a bucket in another account, or a store where the bucket's policy is where access is granted.
 */
export function bucketPolicyFor(bucket: string, principal: string): BucketPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: minimalPolicy(bucket).Statement.map((statement) => ({ ...statement, Principal: { AWS: principal } })),
  };
}

/** A VPC endpoint policy's statement: like an identity policy's, with the `Principal` an endpoint policy must have. */
export type EndpointPolicyStatement = PolicyStatement & { Principal: '*' };

export interface EndpointPolicyDocument {
  Version: '2012-10-17';
  Statement: EndpointPolicyStatement[];
}

/**
 * The policy of an S3 gateway VPC endpoint that lets requests from a private network reach this bucket
 * with the seven permissions (and nothing else through it). AWS checks it on top of the IAM and bucket
 * policies; `Principal: "*"` leaves who may act to those policies.
 */
export function gatewayEndpointPolicy(bucket: string): EndpointPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: minimalPolicy(bucket).Statement.map((statement) => ({ ...statement, Principal: '*' as const })),
  };
}

/** The endpoint policy statement that lets one denied permission through the endpoint. */
export function endpointStatementFor(permission: Permission, bucket: string): EndpointPolicyStatement {
  return { ...statementFor(permission, bucket), Principal: '*' };
}
