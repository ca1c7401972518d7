import { trustPolicyFor } from './trust-policy';
import type { CredentialIssue } from './types';

// Pure: names what STS answered (AWS, or an S3-compatible store's STS) as a message code on the field
// to fix. Only error names, Node error codes and HTTP statuses are read, never messages, which may
// quote request details.

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

function asErrorLike(error: unknown): ErrorLike {
  return typeof error === 'object' && error !== null ? (error as ErrorLike) : {};
}

export function statusOf(error: unknown): number | undefined {
  const status = asErrorLike(error).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The error's name; the Ceph gateway's STS errors are unknown to the SDK ('Unknown'), so its status names them. */
export function stsErrorName(error: unknown): string {
  const { name } = asErrorLike(error);
  const known = typeof name === 'string' && name !== 'Unknown' && name !== 'Error' ? name : undefined;
  if (known && known !== 'NotFound') return known;
  switch (statusOf(error)) {
    case 403:
      return 'AccessDenied';
    case 404:
      return 'NoSuchEntity';
    case 400:
      return 'ValidationError';
    case 405:
    case 501:
      return 'NotImplemented';
    default:
      return known ?? 'Unknown';
  }
}

function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const { code, name } = asErrorLike(current);
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    if (name === 'TimeoutError' || name === 'AbortError') return 'ETIMEDOUT';
    current = asErrorLike(current).cause;
  }
  return undefined;
}

export interface AssumeRoleContext {
  roleArn: string;
  externalId: string;
  /** Who asked (from GetCallerIdentity), when the service told us; else the policy names a placeholder. */
  callerArn: string | null;
  stsHost: string;
  timedOut: boolean;
}

/** Errors the source credentials themselves cause, whatever STS was asked. */
const SOURCE_KEY_ERRORS: Record<string, CredentialIssue> = {
  InvalidClientTokenId: { code: 'accessKeyUnknown', field: 'accessKey' },
  SignatureDoesNotMatch: { code: 'secretKeyMismatch', field: 'secretKey' },
};

export function classifyAssumeRoleError(error: unknown, context: AssumeRoleContext): CredentialIssue {
  const network = classifyStsNetworkError(error, context);
  if (network) return network;
  const name = stsErrorName(error);
  const roleArn = context.roleArn.trim();
  const sourceKeyIssue = SOURCE_KEY_ERRORS[name];
  if (sourceKeyIssue) return sourceKeyIssue;
  switch (name) {
    case 'AccessDenied':
    case 'AccessDeniedException': {
      // AWS answers a wrong external ID exactly like an untrusted caller, so with an external ID
      // the fix may be on either field: the message names both, the field is the external ID.
      const withExternalId = context.externalId.trim() !== '';
      return {
        code: withExternalId ? 'roleDeniedWithExternalId' : 'roleDenied',
        field: withExternalId ? 'externalId' : 'roleArn',
        params: { roleArn },
        trustPolicy: JSON.stringify(trustPolicyFor(roleArn, context.callerArn, context.externalId), null, 2),
      };
    }
    case 'NoSuchEntity':
    case 'NoSuchEntityException':
      return { code: 'roleNotFound', field: 'roleArn', params: { roleArn } };
    case 'ValidationError':
    case 'MalformedPolicyDocument':
    case 'MalformedPolicyDocumentException':
      return { code: 'roleRequestRefused', field: 'roleArn', params: { roleArn, status: String(statusOf(error) ?? 400) } };
    case 'RegionDisabledException':
      return { code: 'stsRegionDisabled', field: 'serviceUrl' };
    case 'ExpiredToken':
    case 'ExpiredTokenException':
      return { code: 'sourceCredentialsExpired', field: 'authMode' };
    case 'NotImplemented':
      return { code: 'stsNotSupported', field: 'authMode', params: { host: context.stsHost } };
    default:
      return { code: 'stsFailed', field: 'roleArn', params: { name, status: String(statusOf(error) ?? '') } };
  }
}

/** Unreachable or slow STS endpoint; null when STS did answer. */
export function classifyStsNetworkError(error: unknown, context: { stsHost: string; timedOut: boolean }): CredentialIssue | null {
  if (statusOf(error) !== undefined) return null;
  const code = networkCode(error);
  if (context.timedOut || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return { code: 'stsTimedOut', field: 'serviceUrl', params: { host: context.stsHost } };
  }
  if (code) return { code: 'stsUnreachable', field: 'serviceUrl', params: { host: context.stsHost, code } };
  return null;
}

/** Web identity (EKS IRSA): STS refused the token file's token. */
export function isWebIdentityTokenError(error: unknown): boolean {
  const name = stsErrorName(error);
  return ['ExpiredTokenException', 'InvalidIdentityTokenException', 'IDPRejectedClaimException', 'IDPCommunicationErrorException', 'InvalidIdentityToken'].includes(name);
}
