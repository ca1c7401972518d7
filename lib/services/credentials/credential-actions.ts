import 'server-only';
import type { ConsoleEnv } from '@/lib/env';
import type { MessageLookup } from '@/lib/i18n/lookup';
import { servicesGateway } from '../gateway';
import { CredentialError } from './errors';
import { addCredential, revokeCredential, type CredentialSummary, type OpenedCredential } from './store';

// Adding or revoking a credential, then asking the running console to serve the change (a new instance
// of that ecosystem, switched in without downtime): one place for the CLI and the Manage API.

/**
 * What the serving services did: switched to the new credentials, not running (nothing to do), waiting
 * for a run, no console runs, or the new instance failed (the change is saved; the previous instance
 * serves on until the next refresh or run).
 */
export type CredentialsInForce = 'refreshed' | 'none' | 'deferred' | 'noConsole' | 'failed';

type ActionEnv = Pick<ConsoleEnv, 'dataDir' | 'encryptionKey' | 'services' | 'checkTimeoutMs'>;

async function refresh(env: ActionEnv, ecosystemId: string): Promise<CredentialsInForce> {
  const gateway = await servicesGateway(env);
  if (!gateway) return 'noConsole';
  try {
    return (await gateway.refreshCredentials(ecosystemId)).action;
  } catch (error) {
    // The change is written: failing the whole answer would lose a new secret shown only in it. The
    // refresh's error is redacted by the supervisor (redacted-detail.ts); it goes to the log, not the admin.
    console.error(`Packages services: ${ecosystemId}'s credentials were changed but not refreshed (${error instanceof Error ? error.message : String(error)})`);
    return 'failed';
  }
}

export async function addServiceCredential(env: ActionEnv, ecosystemId: string, name: string): Promise<OpenedCredential & CredentialSummary & { inForce: CredentialsInForce }> {
  const credential = await addCredential(env, ecosystemId, name);
  return { ...credential, inForce: await refresh(env, ecosystemId) };
}

export async function revokeServiceCredential(env: ActionEnv, ecosystemId: string, name: string): Promise<{ inForce: CredentialsInForce }> {
  await revokeCredential(env, ecosystemId, name);
  return { inForce: await refresh(env, ecosystemId) };
}

/** The error in the reader's language (ServiceCredentials.errors.<code>). */
export function credentialErrorText(error: CredentialError, t: MessageLookup): string {
  return t(`ServiceCredentials.errors.${error.code}`, error.params);
}

/** HTTP status of each error in the Manage API. */
export const CREDENTIAL_ERROR_STATUS: Record<CredentialError['code'], number> = {
  unknownEcosystem: 404,
  notFound: 404,
  nameRequired: 422,
  nameInvalid: 422,
  nameReserved: 422,
  nameTaken: 409,
  fileDamaged: 500,
  keyMissing: 500,
};
