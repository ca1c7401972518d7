// What reading or writing the settings file can fail with, for the store's callers to map onto messages.

export type SettingsFileProblem = 'corrupt' | 'unreadable' | 'undecryptable';

/** The settings file exists but cannot be used. The message names the file, never its contents. */
export class SettingsFileError extends Error {
  override name = 'SettingsFileError';
  constructor(
    readonly path: string,
    readonly reason: SettingsFileProblem,
    detail: string,
  ) {
    super(`Settings file ${path} is ${reason}: ${detail}`);
  }
}

/**
 * What the admin is told about a settings file problem. An undecryptable secret needs the encryption
 * key that was in use, not the file moved aside (which would discard every setting).
 */
export function settingsFileMessageCode(error: SettingsFileError): 'settingsUnreadable' | 'settingsUndecryptable' {
  return error.reason === 'undecryptable' ? 'settingsUndecryptable' : 'settingsUnreadable';
}

/** Someone saved since the caller read the settings; the caller must re-read and retry. */
export class SettingsVersionConflictError extends Error {
  override name = 'SettingsVersionConflictError';
  constructor(
    readonly currentVersion: number,
    readonly expectedVersion: number,
  ) {
    super(`Settings were changed by someone else (version ${currentVersion}, expected ${expectedVersion})`);
  }
}
