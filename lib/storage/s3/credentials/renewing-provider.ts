import type { TemporaryCredentials } from './types';

// The applied configuration uses temporary credentials for as long as it is in force: they are
// fetched when first needed and fetched again before they expire, kept in memory only.

/** Renew this long before expiry: a request signed just before the end could otherwise fail mid-upload. */
export const RENEW_BEFORE_MS = 5 * 60_000;

export interface RenewingOptions {
  now?: () => number;
}

export function renewingCredentials(
  fetch: () => Promise<TemporaryCredentials>,
  options: RenewingOptions = {},
): () => Promise<TemporaryCredentials> {
  const now = options.now ?? Date.now;
  let current: TemporaryCredentials | null = null;
  let pending: Promise<TemporaryCredentials> | null = null;

  const fresh = (credentials: TemporaryCredentials) =>
    credentials.expiration === undefined || credentials.expiration.getTime() - RENEW_BEFORE_MS > now();

  return async () => {
    if (current && fresh(current)) return current;
    // Concurrent requests share one renewal instead of each assuming the role.
    pending ??= fetch()
      .then((credentials) => {
        current = credentials;
        return credentials;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  };
}
