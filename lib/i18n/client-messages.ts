import { STORAGE_TYPES } from '@/lib/storage/registry';

// Only these namespaces are sent to the browser; the rest render on the server. Each storage type's
// namespace goes too: the form draws the chosen type's fields and problems from it.
export const CLIENT_NAMESPACES = [
  'PackagesSettingsForm', 'SaveSettingsPanel', 'StorageCheckPanel', 'Validation', 'LoginForm', 'SetupForm', 'AuthErrors', 'ConfigRunProgress', 'StorageMove',
  ...STORAGE_TYPES.map((type) => type.namespace),
  // The shared fields' (Trusted CA certificates) label, help and saved list.
  'TrustedCertificates',
  'TrustedCertificateList',
  // The Ecosystem Toggles' table and its row errors.
  'Ecosystems',
] as const;

export function pickMessages<T extends Record<string, unknown>>(messages: T, namespaces: readonly string[]): Partial<T> {
  return Object.fromEntries(Object.entries(messages).filter(([key]) => namespaces.includes(key))) as Partial<T>;
}
