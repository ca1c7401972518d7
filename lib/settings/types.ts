import type { EcosystemValues } from '@/lib/services/catalog';
import { textOf } from '@/lib/storage/types';
import { DEFAULT_STORAGE_TYPE, defaultValueOf, type SecretFieldName, type StorageTypeId, type StorageValues } from '@/lib/storage/registry';
import { SETTINGS_FIELDS, type SettingsFieldName } from './fields';
import type { CaCertificateSummary } from '@/lib/network/ca-bundle';

/**
 * Packages settings as the server holds them: the chosen storage type, and every type's values side
 * by side (switching type keeps the other's), and the Ecosystem Toggles. Secrets are plaintext here: server code only.
 */
export type PackagesSettings = { enabled: boolean; storageType: StorageTypeId } & StorageValues & EcosystemValues;

export interface SettingsSnapshot {
  /** 0 before the first save; every save adds one. */
  version: number;
  updatedAt: string | null;
  packages: PackagesSettings;
}

/**
 * What may leave the server: each secret is replaced by whether one is stored (`<name>Set`); the
 * saved trusted CAs are shown back as read by the server (the browser cannot parse them).
 */
export type PublicPackagesSettings = Omit<PackagesSettings, SecretFieldName> & { [K in SecretFieldName as `${K}Set`]: boolean } & {
  trustedCertificates?: CaCertificateSummary[];
};

export interface PublicSettingsSnapshot {
  version: number;
  updatedAt: string | null;
  packages: PublicPackagesSettings;
}

export const EMPTY_PACKAGES_SETTINGS: PackagesSettings = {
  enabled: false,
  storageType: DEFAULT_STORAGE_TYPE,
  ...(Object.fromEntries(SETTINGS_FIELDS.map((field) => [field.name, defaultValueOf(field)])) as StorageValues & EcosystemValues),
};

/** The GitHub Enterprise `ghe-config` keys the settings file is written under. */
export const SETTINGS_KEYS = {
  enabled: 'app.packages.enabled',
  blobStorageType: 'secrets.packages.blob-storage-type',
  ...(Object.fromEntries(SETTINGS_FIELDS.map((field) => [field.name, field.settingsKey])) as Record<SettingsFieldName, string>),
} as const;

export function toPublicSettings(snapshot: SettingsSnapshot): PublicSettingsSnapshot {
  const packages: Record<string, unknown> = { ...snapshot.packages };
  for (const field of SETTINGS_FIELDS) {
    if (!field.secret) continue;
    packages[`${field.name}Set`] = textOf(packages, field.name) !== '';
    delete packages[field.name];
  }
  return { version: snapshot.version, updatedAt: snapshot.updatedAt, packages: packages as PublicPackagesSettings };
}
