import type { LookupFunction } from 'node:net';
import type { ProxySettings } from '@/lib/network/proxy-env';
import type { PackagesField } from '@/lib/settings/fields';

/** A row of the check's table: what the storage type's service must allow (an S3 action, a Blob operation). */
export type Permission = string;
export type PermissionStatus = 'pass' | 'fail' | 'not-run';

export interface PermissionResult<P extends Permission = Permission> {
  permission: P;
  status: PermissionStatus;
  /** Why it failed or did not run: an `issues` message code of the storage type's namespace. */
  code?: string;
}

/** Where a problem should be shown: a form field, the server clock, or the outbound proxy. */
export type IssueTarget = PackagesField | 'clock' | 'proxy' | null;

/** A problem found; a type narrows where it is shown (`F`) and its rows (`P`) to its own fields and operations. */
export interface StorageCheckIssue<F = IssueTarget, P extends Permission = Permission> {
  /** Message code in the storage type's issues namespace of messages/*.json. */
  code: string;
  field: F;
  permission?: P;
  /** ICU arguments for the message (never a secret). */
  params?: Record<string, string>;
  /** A policy document that fixes it (e.g. the trust policy a role needs), for copying. */
  policy?: string;
}

/** Who the check ran as, and where its credentials came from: safe to show, log and store. */
export interface CheckIdentity {
  /** How the type authenticated: a choice of its authentication field. */
  mode: string;
  /** Where the credentials came from: 'access-keys', or the link of the server's chain ('environment', 'container', ...). */
  source: string;
  /** The principal the service named, when it did. */
  principal?: string;
  /** When the temporary credentials expire (ISO 8601). */
  expiresAt?: string;
  /** The type's own details, identifiers only (StorageServer.identityFields): its server renders them. */
  readonly [detail: string]: string | undefined;
}

export interface StorageCheckResult<F = IssueTarget, P extends Permission = Permission> {
  ok: boolean;
  permissions: PermissionResult<P>[];
  errors: StorageCheckIssue<F, P>[];
  warnings: StorageCheckIssue<F, P>[];
  durationMs: number;
  /** The storage type checked and what it worked on (bucket, container): set by the core's checkStorage. */
  storageType?: string;
  subject?: string;
  /** host:port of the proxy the check's requests went through (never its credentials); absent without one. */
  proxy?: string;
  /** Who the check ran as (set when the credentials were obtained). */
  identity?: CheckIdentity;
}

export interface CheckOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** false: prove removal before writing even if the same credentials passed moments ago. */
  reuseCleanupProof?: boolean;
  /**
   * Extra trusted CAs (PEM) and the proxy; the proxy defaults to the environment's (lib/env.ts).
   * `lookup` replaces the system's name resolution (tests: a name that resolves to a reserved address).
   */
  network?: { caPems?: readonly string[]; proxy?: ProxySettings; lookup?: LookupFunction };
}
