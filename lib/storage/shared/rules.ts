import type { StorageRules } from '../types';

// The shared fields' rules that hold in the browser too. The certificates themselves are read on the
// server (server-rules.ts): Node's X.509 parser does not exist in the browser.

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

export function caCertificatesShapeProblem(value: string): string | null {
  if (PRIVATE_KEY.test(value)) return 'caPrivateKey';
  return PEM_BLOCK.test(value) ? null : 'caNotPem';
}

export const SHARED_RULES: StorageRules = {
  codes: ['caNotPem', 'caPrivateKey', 'caTooMany', 'caUnreadable', 'caNotCa', 'caExpired', 'caNotYetValid'],
  fieldProblem: { caCertificates: caCertificatesShapeProblem },
  requiredCode: {},
  secretLimit: {},
  choiceCode: {},
  tiedSecrets: {},
  location: () => null,
  changedField: () => null,
};
