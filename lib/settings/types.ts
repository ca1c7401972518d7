import type { PathStyleSetting } from './s3-endpoint';

/** Packages settings as the server holds them. `secretKey` is plaintext: server code only. */
export interface PackagesSettings {
  enabled: boolean;
  serviceUrl: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string; // '' = auto (derived from the service URL)
  pathStyle: PathStyleSetting;
}

export interface SettingsSnapshot {
  /** 0 before the first save; every save adds one. */
  version: number;
  updatedAt: string | null;
  packages: PackagesSettings;
}

/** What may leave the server: the secret is replaced by whether one is stored. */
export type PublicPackagesSettings = Omit<PackagesSettings, 'secretKey'> & { secretKeySet: boolean };

export interface PublicSettingsSnapshot {
  version: number;
  updatedAt: string | null;
  packages: PublicPackagesSettings;
}

export const EMPTY_PACKAGES_SETTINGS: PackagesSettings = {
  enabled: false,
  serviceUrl: '',
  bucket: '',
  accessKey: '',
  secretKey: '',
  region: '',
  pathStyle: 'auto',
};

/** The GitHub Enterprise `ghe-config` keys the settings file is written under. */
export const SETTINGS_KEYS = {
  enabled: 'app.packages.enabled',
  blobStorageType: 'secrets.packages.blob-storage-type',
  serviceUrl: 'secrets.packages.service-url',
  bucket: 'secrets.packages.s3-bucket',
  accessKey: 'secrets.packages.aws-access-key',
  secretKey: 'secrets.packages.aws-secret-key',
  // Console extensions (the real console derives these from the URL); '' / 'auto' keep that behaviour.
  region: 'app.packages.s3-region',
  pathStyle: 'app.packages.s3-path-style',
} as const;

export function toPublicSettings(snapshot: SettingsSnapshot): PublicSettingsSnapshot {
  const { secretKey, ...rest } = snapshot.packages;
  return { version: snapshot.version, updatedAt: snapshot.updatedAt, packages: { ...rest, secretKeySet: secretKey !== '' } };
}
