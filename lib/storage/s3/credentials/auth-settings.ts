// How the console authenticates to S3, and the rules for the role fields. Pure: the form schema,
// the Manage API and the CLI share these, so nothing here may import server-only code.

export const S3_AUTH_MODES = ['keys', 'assume-role', 'instance'] as const;
export type S3AuthMode = (typeof S3_AUTH_MODES)[number];

// AWS role ARNs name a 12-digit account; S3-compatible stores (Ceph, MinIO) leave the account out.
// Partitions: aws, aws-cn, aws-us-gov (and the isolated aws-iso*). Role names: IAM's character set,
// optionally under a path (/path/to/), at most 64 characters.
const ROLE_ARN = /^arn:(aws(?:-[a-z]+)*):iam::(\d{12})?:role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;

export type RoleArnProblem = 'roleArnRequired' | 'roleArnInvalid';

export function roleArnProblem(value: string): RoleArnProblem | null {
  const arn = value.trim();
  if (arn === '') return 'roleArnRequired';
  return ROLE_ARN.test(arn) ? null : 'roleArnInvalid';
}

export interface RoleArnParts {
  partition: string;
  /** '' for the account-less form of S3-compatible stores. */
  account: string;
  roleName: string;
}

export function parseRoleArn(value: string): RoleArnParts | null {
  const match = ROLE_ARN.exec(value.trim());
  if (!match) return null;
  return { partition: match[1]!, account: match[2] ?? '', roleName: match[4]! };
}

// sts:AssumeRole's ExternalId: 2 to 1224 characters of [\w+=,.@:/-].
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** '' is "no external ID". */
export function externalIdProblem(value: string): 'externalIdInvalid' | null {
  const id = value.trim();
  return id === '' || EXTERNAL_ID.test(id) ? null : 'externalIdInvalid';
}

// RoleSessionName: 2 to 64 characters of [\w+=,.@-] (AWS and the Ceph gateway both refuse others).
const SESSION_NAME_PREFIX = 'packages-console-';

/** A session name that says who assumed the role and when, visible in CloudTrail and the role's sessions. */
export function roleSessionName(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${SESSION_NAME_PREFIX}${stamp}`;
}
