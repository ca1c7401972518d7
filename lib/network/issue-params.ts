// ICU arguments of the TLS and proxy findings, the same for every storage type (each type words the
// messages for its own field: the service URL, the connection string's endpoint).
export const NETWORK_ISSUE_PARAMS = {
  tlsUnknownCa: ['host', 'subject', 'issuer'],
  tlsSelfSigned: ['host', 'subject'],
  tlsHostMismatch: ['host', 'names'],
  tlsExpired: ['host', 'subject', 'date'],
  tlsNotYetValid: ['host', 'subject', 'date'],
  tlsUntrusted: ['host', 'error'],
  tlsToPlainPort: ['host'],
  httpToTlsPort: ['host', 'suggestedUrl'],
  tlsExpiringSoon: ['host', 'subject', 'date'],
  proxyUnreachable: ['proxy'],
  proxyTimeout: ['proxy', 'seconds'],
  proxyAuthRequired: ['proxy'],
  proxyConnectRefused: ['proxy', 'status'],
} as const satisfies Record<string, readonly string[]>;
