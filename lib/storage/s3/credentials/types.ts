import type { StorageAgents } from '@/lib/network/storage-agent';
import type { S3AuthMode } from './auth-settings';

/** The link of the server's credential chain that answered (the AWS SDK's own providers, in its order). */
export const CHAIN_SOURCES = ['environment', 'profile', 'web-identity', 'container', 'instance-metadata'] as const;
export type ChainSource = (typeof CHAIN_SOURCES)[number];

/** Where the credentials a check ran with came from. Never holds a secret or a session token. */
export type CredentialSource = 'access-keys' | ChainSource;

export interface S3AuthSettings {
  mode: S3AuthMode;
  /** Used only with mode 'assume-role'. */
  roleArn: string;
  /** '' = none. */
  externalId: string;
  /** The long-lived keys ('' when not filled in): the credentials in 'keys' mode, the source of 'assume-role'. */
  accessKey: string;
  secretKey: string;
}

/** Where the S3 service lives: STS is asked there (AWS: the regional STS endpoint). */
export interface StsLocation {
  serviceUrl: string;
  /** The region S3 requests are signed for (already resolved from 'auto'). */
  region: string;
  /** The check's connection agents (trusted CAs, outbound proxy), so STS goes the same way as S3. */
  agents?: Pick<StorageAgents, 'httpAgent' | 'httpsAgent'>;
}

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** What the check reports about who it ran as: safe to show, log and return in JSON. */
export interface CredentialOrigin {
  mode: S3AuthMode;
  /** The credentials the request were signed with came from here (for assume-role: the role's source). */
  source: CredentialSource;
  /** The access key ID used (an identifier, not a secret): for 'keys', and for chain links with static keys. */
  accessKeyId?: string;
  roleArn?: string;
  sessionName?: string;
  /** The assumed-role ARN STS answered with, or the caller ARN from sts:GetCallerIdentity. */
  identityArn?: string;
  /** When the temporary credentials stop working (ISO 8601). */
  expiresAt?: string;
}

export type CredentialIssueField = 'authMode' | 'roleArn' | 'externalId' | 'accessKey' | 'secretKey' | 'serviceUrl' | null;

export interface CredentialIssue {
  /** Message code (same namespace as the storage check's issues). */
  code: string;
  field: CredentialIssueField;
  params?: Record<string, string>;
  /** The trust policy that would let the caller assume the role, for the "copy the fix" box. */
  trustPolicy?: string;
}

export type ResolvedCredentials =
  | { ok: true; credentials: TemporaryCredentials; origin: CredentialOrigin }
  | { ok: false; issue: CredentialIssue; tried?: ChainSource[] };
