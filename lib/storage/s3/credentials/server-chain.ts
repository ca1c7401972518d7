import 'server-only';
import { fromEnv, fromHttp, fromIni, fromInstanceMetadata, fromTokenFile } from '@aws-sdk/credential-providers';
import { readAwsChainHints, type AwsChainHints } from './chain-hints';
import { isWebIdentityTokenError, statusOf } from './sts-errors';
import type { Budget } from './sts-client';
import type { ChainSource, CredentialIssue, TemporaryCredentials } from './types';

// The server's own AWS identity through the SDK's own providers, in the order of the SDK's default
// chain (fromNodeProviderChain), one link at a time so the check can say which link answered and,
// when none did, which were tried. SSO and credential_process are reached through the profile link,
// as in the SDK.

/** Instance metadata answers in milliseconds on EC2; elsewhere its address often just drops packets. */
export const INSTANCE_METADATA_TIMEOUT_MS = 1_000;
/** IMDSv2 asks for a session token first, then the SDK falls back to IMDSv1: two requests at most. */
const INSTANCE_METADATA_CAP_MS = 2 * INSTANCE_METADATA_TIMEOUT_MS;
const CONNECT_TIMEOUT_MS = 5_000;

export type ChainAnswer =
  | { ok: true; credentials: TemporaryCredentials; source: ChainSource }
  | { ok: false; issue: CredentialIssue; tried: ChainSource[] };

interface Link {
  source: ChainSource;
  /** Set up in this process: its failure is the answer. Otherwise a failure means "not here", and the next link is asked. */
  configured: (hints: AwsChainHints) => boolean;
  skipped?: (hints: AwsChainHints) => boolean;
  fetch: (budget: Budget) => Promise<TemporaryCredentials>;
}

function stsClientConfig(budget: Budget) {
  const timeoutMs = Math.max(1, budget.remainingMs());
  return {
    maxAttempts: 1,
    requestHandler: { connectionTimeout: Math.min(timeoutMs, CONNECT_TIMEOUT_MS), requestTimeout: timeoutMs, throwOnRequestTimeout: true },
  };
}

const LINKS: Link[] = [
  // As in the SDK: a named profile wins over environment keys.
  { source: 'environment', configured: (h) => h.environmentKeys, skipped: (h) => h.profileNamed, fetch: () => fromEnv()() },
  { source: 'profile', configured: (h) => h.profileNamed, fetch: (budget) => fromIni({ clientConfig: stsClientConfig(budget) })() },
  { source: 'web-identity', configured: (h) => h.webIdentityTokenFile, fetch: (budget) => fromTokenFile({ clientConfig: stsClientConfig(budget) })() },
  {
    source: 'container',
    configured: (h) => h.containerCredentials,
    fetch: (budget) => fromHttp({ timeout: Math.min(budget.remainingMs(), CONNECT_TIMEOUT_MS), maxRetries: 0 })(),
  },
  {
    source: 'instance-metadata',
    configured: () => false,
    skipped: (h) => h.instanceMetadataDisabled,
    fetch: (budget) => fromInstanceMetadata({ timeout: Math.min(budget.remainingMs(), INSTANCE_METADATA_TIMEOUT_MS), maxRetries: 0 })(),
  },
];

class BudgetSpent extends Error {
  override name = 'BudgetSpent';
}

/** The SDK's providers take a timeout per request but no abort signal: the check's deadline ends the wait. */
function withinBudget<T>(work: Promise<T>, budget: Budget, capMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new BudgetSpent());
    const timer = setTimeout(stop, Math.max(0, Math.min(budget.remainingMs(), capMs)));
    budget.signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      budget.signal.removeEventListener('abort', stop);
    });
  });
}

export async function serverChainCredentials(budget: Budget, hints: AwsChainHints = readAwsChainHints()): Promise<ChainAnswer> {
  const tried: ChainSource[] = [];
  for (const link of LINKS) {
    if (link.skipped?.(hints)) continue;
    tried.push(link.source);
    const cap = link.source === 'instance-metadata' ? INSTANCE_METADATA_CAP_MS : Number.POSITIVE_INFINITY;
    try {
      const identity = await withinBudget(link.fetch(budget), budget, cap);
      return {
        ok: true,
        source: link.source,
        credentials: {
          accessKeyId: identity.accessKeyId,
          secretAccessKey: identity.secretAccessKey,
          sessionToken: identity.sessionToken,
          expiration: identity.expiration,
        },
      };
    } catch (error) {
      const failure = linkFailure(link, error, hints, tried);
      if (failure) return { ok: false, issue: failure, tried };
    }
  }
  return { ok: false, issue: { code: 'noServerCredentials', field: 'authMode', params: { tried: tried.join(',') } }, tried };
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof BudgetSpent || name === 'TimeoutError' || code === 'ETIMEDOUT' || /timed? ?out/i.test(String((error as Error | null)?.message ?? ''));
}

/** The answer when this link's failure ends the search; null to ask the next link. */
function linkFailure(link: Link, error: unknown, hints: AwsChainHints, tried: ChainSource[]): CredentialIssue | null {
  const params = { source: link.source, tried: tried.join(',') };
  if (link.source === 'instance-metadata') {
    return isTimeout(error)
      ? { code: 'instanceMetadataUnreachable', field: 'authMode', params: { ...params, seconds: String(INSTANCE_METADATA_CAP_MS / 1000) } }
      : { code: 'noServerCredentials', field: 'authMode', params };
  }
  if (error instanceof BudgetSpent) return { code: 'credentialsTimedOut', field: 'authMode', params };
  if (!link.configured(hints)) return null;
  if (link.source === 'web-identity') {
    const unreadable = (error as { code?: unknown } | null)?.code === 'ENOENT' || (error as { code?: unknown } | null)?.code === 'EACCES';
    if (unreadable) return { code: 'webIdentityTokenUnreadable', field: 'authMode', params };
    // STS refused the token (AWS names why; the Ceph gateway only answers 403).
    const refused = (statusOf(error) ?? 0) >= 400 && (statusOf(error) ?? 0) < 500;
    if (isWebIdentityTokenError(error) || refused) return { code: 'webIdentityTokenInvalid', field: 'authMode', params };
  }
  if (isTimeout(error)) return { code: 'credentialsTimedOut', field: 'authMode', params };
  return { code: 'credentialSourceFailed', field: 'authMode', params };
}
