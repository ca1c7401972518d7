import { scanPemText } from '@/lib/network/pem-text';
import type { RuleResult, StorageRules } from '../types';

// The shared fields' rules that hold in the browser too. The certificates themselves are read on the
// server (server-rules.ts): Node's X.509 parser does not exist in the browser.

/** Only certificate blocks: a key, or any other line outside them, is refused (with its line number). */
export function caCertificatesShapeProblem(value: string): RuleResult {
  return scanPemText(value).problem;
}

export const SHARED_RULES: StorageRules = {
  codes: ['caNotPem', 'caPrivateKey', 'caStrayText', 'caTooMany', 'caUnreadable', 'caNotCa', 'caExpired', 'caNotYetValid'],
  fieldProblem: { caCertificates: caCertificatesShapeProblem },
  requiredCode: {},
  secretLimit: {},
  choiceCode: {},
  tiedSecrets: {},
  location: () => null,
  changedField: () => null,
};
