import 'server-only';
import { parseCaBundle } from '@/lib/network/ca-bundle';
import { readSettings, SettingsFileError, settingsFileMessageCode } from '@/lib/settings/store';
import { toPublicSettings, type PublicSettingsSnapshot } from '@/lib/settings/types';

export type LoadedSettings =
  | { ok: true; snapshot: PublicSettingsSnapshot }
  | { ok: false; path: string; code: ReturnType<typeof settingsFileMessageCode> };

/** Settings without the secret, or the path of a settings file that can't be read (never overwritten). */
export async function loadPublicSettings(): Promise<LoadedSettings> {
  try {
    const snapshot = toPublicSettings(await readSettings());
    const certificates = parseCaBundle(snapshot.packages.caCertificates).certificates;
    return { ok: true, snapshot: certificates.length > 0 ? { ...snapshot, packages: { ...snapshot.packages, trustedCertificates: certificates } } : snapshot };
  } catch (error) {
    if (error instanceof SettingsFileError) {
      console.error(error.message);
      return { ok: false, path: error.path, code: settingsFileMessageCode(error) };
    }
    throw error;
  }
}
