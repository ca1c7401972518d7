import 'server-only';
import { readSettings, SettingsFileError, settingsFileMessageCode } from '@/lib/settings/store';
import { toPublicSettings, type PublicSettingsSnapshot } from '@/lib/settings/types';

export type LoadedSettings =
  | { ok: true; snapshot: PublicSettingsSnapshot }
  | { ok: false; path: string; code: ReturnType<typeof settingsFileMessageCode> };

/** Settings without the secret, or the path of a settings file that can't be read (never overwritten). */
export async function loadPublicSettings(): Promise<LoadedSettings> {
  try {
    return { ok: true, snapshot: toPublicSettings(await readSettings()) };
  } catch (error) {
    if (error instanceof SettingsFileError) {
      console.error(error.message);
      return { ok: false, path: error.path, code: settingsFileMessageCode(error) };
    }
    throw error;
  }
}
