import type { PackagesSettingsInput } from './schema';
import type { PublicSettingsSnapshot } from './types';

/** The form starts from the saved settings; the secret field is always blank (blank = keep). */
export function formValuesFrom(snapshot: PublicSettingsSnapshot): PackagesSettingsInput {
  const { packages } = snapshot;
  return {
    enabled: packages.enabled,
    serviceUrl: packages.serviceUrl,
    bucket: packages.bucket,
    accessKey: packages.accessKey,
    secretKey: '',
    region: packages.region,
    pathStyle: packages.pathStyle,
    version: snapshot.version,
    confirmStorageChange: false,
  } as PackagesSettingsInput;
}
