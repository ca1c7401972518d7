import type { StorageField } from '../types';

// Settings every storage type uses, shown with each type's advanced options: network trust is the
// console's, not one store's.

export const CA_CERTIFICATES_FIELD = {
  name: 'caCertificates',
  settingsKey: 'app.packages.ca-certificates',
  apiName: 'ca_certificates',
  input: 'textarea',
  advanced: true,
  help: 'caCertificatesHelp',
  namespace: 'TrustedCertificates',
  cliFlag: 'ca-file',
} as const satisfies StorageField;

export const SHARED_FIELDS = [CA_CERTIFICATES_FIELD] as const satisfies readonly StorageField[];

export type SharedFieldName = (typeof SHARED_FIELDS)[number]['name'];

export type SharedValues = {
  /** PEM, one or more CA certificates added to the system's trust store ('' = none). */
  caCertificates: string;
};

/** Longest PEM bundle accepted (about 25 certificates); request bodies are capped at 64 KB. */
export const MAX_MULTILINE_LENGTH = 32_768;
