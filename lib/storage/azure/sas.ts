import { AZURE_OPERATIONS, type AzureOperation } from './operations';
import { problem, type AzureProblem } from './problems';

// What a shared access signature allows, read from the token itself (no request needed).

export { AZURE_OPERATIONS, type AzureOperation };

/**
 * The SAS permission letter each operation needs. `c` (create) would allow Put Blob and Put Block
 * List only for new blobs, and `a` (add) is for append blobs, so neither replaces `w` and neither is
 * needed besides it: the packages service writes block blobs and may rewrite them.
 */
export const SAS_LETTER_BY_OPERATION: Record<AzureOperation, string> = {
  'Put Blob': 'w',
  'Put Block': 'w',
  'Put Block List': 'w',
  'Get Block List': 'r',
  'Get Blob': 'r',
  'List Blobs': 'l',
  'Delete Blob': 'd',
};
export const NEEDED_SAS_LETTERS = ['r', 'w', 'd', 'l'] as const;
/** A SAS expiring within this many days gets a warning with its date. */
export const SAS_EXPIRY_WARNING_DAYS = 30;

export interface SasInfo {
  /** `sp` as given, e.g. `racwdl`. */
  permissions: string;
  /** `se` as an ISO 8601 instant. */
  expiresAt: string;
  startsAt: string | null;
}

export interface SasReading {
  info: SasInfo | null;
  problems: AzureProblem[];
  warnings: AzureProblem[];
}

function parseInstant(value: string): string | null {
  // SAS dates are ISO 8601 in UTC: a date alone, or a date and time with a trailing Z.
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z)?$/.test(value)) return null;
  const time = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

export function missingSasLetters(permissions: string): string[] {
  return NEEDED_SAS_LETTERS.filter((letter) => !permissions.includes(letter));
}

function operationsNeeding(letters: string[]): string {
  return AZURE_OPERATIONS.filter((operation) => letters.includes(SAS_LETTER_BY_OPERATION[operation])).join(', ');
}

/** Scope rules: an account SAS must cover the Blob service, containers and objects; a service SAS the container. */
function scopeProblems(query: URLSearchParams): AzureProblem[] {
  const problems: AzureProblem[] = [];
  const services = query.get('ss');
  if (services !== null && !services.includes('b')) problems.push(problem('sasNoBlobService'));
  const types = query.get('srt');
  const missingTypes = types === null ? [] : ['c', 'o'].filter((type) => !types.includes(type));
  if (missingTypes.length > 0) problems.push(problem('sasResourceTypesMissing', { types: missingTypes.join('') }));
  const resource = query.get('sr');
  if (resource !== null && resource !== 'c') problems.push(problem('sasNotContainerScope'));
  return problems;
}

export function readSas(token: string, now: Date = new Date()): SasReading {
  const query = new URLSearchParams(token.replace(/^\?/, ''));
  if (!query.get('sig') || !query.get('sv')) return { info: null, problems: [problem('sasMalformed')], warnings: [] };
  const problems = scopeProblems(query);
  const warnings: AzureProblem[] = [];
  const permissions = query.get('sp');
  if (!permissions) problems.push(problem('sasPermissionsMissing'));
  else {
    const missing = missingSasLetters(permissions);
    if (missing.length > 0) problems.push(problem('sasLettersMissing', { letters: missing.join(''), operations: operationsNeeding(missing) }));
  }
  const expiryText = query.get('se');
  const expiresAt = expiryText ? parseInstant(expiryText) : null;
  if (!expiryText) problems.push(problem('sasExpiryMissing'));
  else if (!expiresAt) problems.push(problem('sasExpiryInvalid'));
  else if (Date.parse(expiresAt) <= now.getTime()) problems.push(problem('sasExpired', { expiry: expiresAt }));
  else {
    const left = Date.parse(expiresAt) - now.getTime();
    if (left < SAS_EXPIRY_WARNING_DAYS * 86_400_000) warnings.push(problem('sasExpiresSoon', { expiry: expiresAt }));
  }
  const startText = query.get('st');
  const startsAt = startText ? parseInstant(startText) : null;
  if (startText && !startsAt) problems.push(problem('sasMalformed'));
  else if (startsAt && Date.parse(startsAt) > now.getTime()) problems.push(problem('sasNotYetValid', { start: startsAt }));
  const info = permissions && expiresAt ? { permissions, expiresAt, startsAt } : null;
  return { info, problems, warnings };
}
