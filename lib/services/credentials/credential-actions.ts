import 'server-only';
import type { ConsoleEnv } from '@/lib/env';
import type { MessageLookup } from '@/lib/i18n/lookup';
import { servicesGateway } from '../gateway';
import { CredentialError } from './errors';
import { addCredential, revokeCredential, type CredentialSummary, type OpenedCredential } from './store';

// Adding or revoking a credential, then asking the running console to serve the change (a new instance
// of that ecosystem, switched in without downtime): one place for the CLI and the Manage API.

/** What the serving services did: switched to the new credentials, not running (nothing to do), or no console runs. */
export type CredentialsInForce = 'refreshed' | 'none' | 'deferred' | 'noConsole';

type ActionEnv = Pick<ConsoleEnv, 'dataDir' | 'encryptionKey' | 'services' | 'checkTimeoutMs'>;

async function refresh(env: ActionEnv, ecosystemId: string): Promise<CredentialsInForce> {
  const gateway = await servicesGateway(env);
  return gateway ? (await gateway.refreshCredentials(ecosystemId)).action : 'noConsole';
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
  nameInvalid: 422,
  nameReserved: 422,
  nameTaken: 409,
  fileDamaged: 500,
  keyMissing: 500,
};
