// Only these namespaces are sent to the browser; the rest render on the server.
export const CLIENT_NAMESPACES = ['PackagesSettingsForm', 'SaveSettingsPanel', 'StorageCheckPanel', 'Validation', 'LoginForm', 'SetupForm', 'AuthErrors', 'ConfigRunProgress', 'TrustedCertificates', 'TrustedCertificateList'] as const;

export function pickMessages<T extends Record<string, unknown>>(messages: T, namespaces: readonly string[]): Partial<T> {
  return Object.fromEntries(Object.entries(messages).filter(([key]) => namespaces.includes(key))) as Partial<T>;
}
