import { SETTINGS_FIELDS } from '@/lib/settings/fields';
import type { PackagesSchemaOptions, PackagesSettingsInput } from '@/lib/settings/schema';
import type { PublicPackagesSettings, PublicSettingsSnapshot } from '@/lib/settings/types';

/** The form starts from the saved settings; secret fields are always blank (blank = keep). */
export function formValuesFrom(snapshot: PublicSettingsSnapshot): PackagesSettingsInput {
  const packages: Readonly<Record<string, unknown>> = snapshot.packages;
  const values: Record<string, unknown> = { enabled: snapshot.packages.enabled, storageType: snapshot.packages.storageType };
  for (const field of SETTINGS_FIELDS) values[field.name] = field.secret ? '' : packages[field.name];
  return { ...values, version: snapshot.version, confirmStorageChange: false } as PackagesSettingsInput;
}

/** What the form's schema needs to know of the saved settings: which secrets are stored, and the values they belong to. */
export function storedSecretsOptions(saved: PublicPackagesSettings): PackagesSchemaOptions {
  const values: Readonly<Record<string, unknown>> = saved;
  const storedSecrets = SETTINGS_FIELDS.filter((field) => field.secret && values[`${field.name}Set`] === true).map((field) => field.name);
  return { storedSecrets, saved: values };
}
