import type { FieldValues, StorageField } from '@/lib/storage/types';
import type { EcosystemMode, SupportResult } from './types';

// What the settings, the form and the Manage API know of an ecosystem before any service runs: its
// rows of the Ecosystem Toggles table and what storage it can be served on. Client-safe: no SDK, no
// server code (the service itself is lib/services/<id>/service.ts).

export const ECOSYSTEM_MODES = ['disabled', 'enabled', 'read-only'] as const satisfies readonly EcosystemMode[];

/** What a service needs to know of the storage to say whether it can use it (storage-type neutral). */
export interface StorageTraits {
  /** The API the storage speaks: `s3-api` or `azure-blob-api`. */
  protocol: string;
  /** How the console authenticates to it (S3: keys, assume-role, instance; Azure: connection-string). */
  authMode: string;
  /** Whether requests to it go through the outbound proxy (known on the server only). */
  proxied: boolean;
}

/** One step of how users connect (the Services page, the Manage API, the CLI). */
export interface ConnectStep {
  /** Key of the step's text under `Services.<id>.connect` in messages/*.json. */
  messageKey: string;
  /** What users type: `{url}` is replaced by the ecosystem's public URL, `{host}` by its host and port. Never a secret. */
  command: string;
}

export interface EcosystemSpec {
  /** Settings key suffix (`app.packages.ecosystems.<id>`), folder name, message key under `Ecosystems`. */
  id: string;
  /** The row's Enabled / Read-Only / Disabled choice. */
  mode: StorageField;
  /** More choices of the same ecosystem, shown on its row (npm upstreaming). */
  options: readonly StorageField[];
  /** Whether the service can serve from storage with these traits, and why not. */
  supports(traits: StorageTraits): SupportResult;
  /** How users point their client at it. */
  connect: readonly ConnectStep[];
  /** What moving the storage does to it while it is on (key under `Ecosystems`), shown with the storage-change confirmation. */
  storageChangeNote: string;
  /**
   * A path the service answers 200 to a plain GET without credentials, through its front (also when
   * Read-Only): the health monitor's probe. It proves the process answers, not that the storage works.
   */
  healthPath: string;
  /** What an admin's write credential is to the service (lib/services/credentials/): a user with a password, or a bearer token. */
  credentialKind: CredentialKind;
}

/** The kinds of write credential a service takes (key under `ServiceCredentials.kinds`). */
export type CredentialKind = 'user' | 'token';

/** The mode field of an ecosystem: `app.packages.ecosystems.<id>`, `ecosystems.<id>` in the Manage API, Disabled until saved otherwise. */
export function modeField<const Name extends string>(id: string, name: Name) {
  return {
    name,
    settingsKey: `app.packages.ecosystems.${id}`,
    apiName: `ecosystems.${id}`,
    input: 'select',
    choices: ECOSYSTEM_MODES,
    namespace: 'Ecosystems',
    label: `${id}.name`,
  } as const satisfies StorageField;
}

/**
 * An ecosystem's own on/off option, `app.packages.ecosystems.<id>-<suffix>` (Disabled unless the admin
 * turns it on). Its texts' keys in `Ecosystems` are written out where it is declared, so the messages check finds them.
 */
export function optionField<const Name extends string>(id: string, suffix: string, name: Name, texts: { label: string; help: string }) {
  return {
    name,
    settingsKey: `app.packages.ecosystems.${id}-${suffix}`,
    apiName: `ecosystems.${id}-${suffix}`,
    input: 'select',
    choices: ['disabled', 'enabled'],
    namespace: 'Ecosystems',
    label: texts.label,
    help: texts.help,
  } as const satisfies StorageField;
}

export function ecosystemModeOf(values: FieldValues, spec: EcosystemSpec): EcosystemMode {
  const value = values[spec.mode.name];
  return (ECOSYSTEM_MODES as readonly unknown[]).includes(value) ? (value as EcosystemMode) : 'disabled';
}
