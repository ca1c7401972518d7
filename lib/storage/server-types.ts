import type { z } from 'zod';
import type { HealthProbeOptions, HealthProbeResult } from '@/lib/health/types';
import type { MessageLookup } from '@/lib/i18n/lookup';
import type { ApiIssue } from './check/localized';
import type { CheckIdentity, CheckOptions, Permission, PermissionResult, StorageCheckIssue, StorageCheckResult } from './check/types';
import type { FieldName, FieldValues } from './types';
import type { ObjectAccess, ObjectAccessOptions, StorageBinding } from './binding';

/** Seals a secret for a file at rest, bound to the key it is stored under (and opens it again). */
export type Seal = (value: string, aad: string) => string;
export type Open = (token: string, aad: string) => string;

/** Sentences for a type's check results, from its own messages (`locale` formats dates). */
export interface CheckDescriber {
  issue(issue: StorageCheckIssue, t: MessageLookup, locale: string): ApiIssue;
  /** Why a row failed or did not run; null for a pass. */
  row(row: PermissionResult, t: MessageLookup, locale: string, errors: readonly StorageCheckIssue[]): string | null;
  /** What a row's permission is for. */
  purpose(permission: Permission, t: MessageLookup): string;
  /** Who the check ran as and where its credentials came from, in sentences (types whose checks name one). */
  identity?(identity: CheckIdentity, t: MessageLookup): string[];
}

export interface CheckHelpDocument {
  /** Message key of the type's namespace. */
  titleKey: string;
  text: string;
  /** Issue codes this document fixes: the check JSON (CLI and Manage API) attaches it to them as `policy`. */
  fixes?: readonly string[];
}

export type CheckHelp = CheckHelpDocument & {
  related?: readonly CheckHelpDocument[];
  /** Row codes that call for these documents in `cli storage check`'s text (a refused permission). */
  shownFor: readonly string[];
};

// The server side of a storage type (lib/storage/<type>/server.ts), reading values `V`: never imported by client code.
export interface StorageServer<V extends object = Record<string, unknown>> {
  /** The type's storage check on the settings' values: its rows, its cleanup, its advisories. */
  check(values: FieldValues<V>, options: CheckOptions): Promise<StorageCheckResult>;
  /**
   * The scheduled health check of the configuration in force: a list, then one small object written,
   * read back and deleted under a fixed prefix (the type's equivalent operations), each timed, nothing left behind.
   */
  healthProbe(values: FieldValues<V>, options: HealthProbeOptions): Promise<HealthProbeResult>;
  /** The storage as a packages service reaches it: the protocol it speaks and its parameters (secrets in clear: server only). */
  serviceBinding(values: FieldValues<V>, options: Pick<ObjectAccessOptions, 'proxy'>): StorageBinding;
  /** The console's own access to the storage's objects: canaries prove with it what a service stored. */
  objectAccess(values: FieldValues<V>, options: ObjectAccessOptions): ObjectAccess;
  /** The type's part of packages-storage.json for the packages service; null values: Packages is off. */
  renderApplied(values: FieldValues<V> | null, seal: Seal): Record<string, string | boolean>;
  /** Checks the type's part of packages-storage.json when it is read back. */
  appliedSchema: z.ZodType<Record<string, string | boolean>>;
  /** The keys of the applied part that hold sealed secrets (they differ on every sealing). */
  appliedSecretKeys: readonly string[];
  /** The settings values the packages service would use with an applied configuration. */
  valuesFromApplied(applied: Record<string, unknown>, open: Open): { [K in FieldName<V>]?: string };
  /**
   * Help shown with a check's result (S3: the minimal IAM policy), as a message key of the type's
   * namespace and text; `related`: more documents shown beside it (S3: the gateway VPC endpoint policy).
   */
  checkHelp(subject: string, identity?: CheckIdentity): CheckHelp | null;
  /** What the type adds to the check's identity, by name, with the Manage API schema's description of each: identifiers, never secrets. */
  identityFields: Readonly<Record<string, string>>;
  describe: CheckDescriber;
  /** `cli storage check --help` lines of the type's options (English, as all CLI help). */
  cliOptionsHelp: string;
  /** What the CLI says it checks, e.g. `bucket NAME at URL`. */
  cliTarget(values: FieldValues<V>): string;
  /**
   * What grants one row refused with `code` (S3: the IAM or the endpoint policy statement), or null;
   * shown after the type's own `grantWith` message, which a type returning statements must have.
   */
  grantFor(permission: Permission, subject: string, code: string): string | null;
}
