import { isLoopbackHost } from '@/lib/http/loopback';
import { isReservedServiceHost } from '@/lib/http/reserved-hosts';
import { problem, type AzureProblem } from './problems';
import { isValidHostLabel } from './punycode-label';
import { readSas, type SasInfo } from './sas';

// An Azure Storage connection string, parsed key by key (not pattern-matched), into the Blob
// endpoint and the credential. Pure and client-safe; every problem is a message code, never prose,
// and no value from the string is ever put in a message (the key or signature could be in any of them).

const KNOWN_KEYS = [
  'DefaultEndpointsProtocol', 'AccountName', 'AccountKey', 'EndpointSuffix', 'SharedAccessSignature',
  'BlobEndpoint', 'QueueEndpoint', 'TableEndpoint', 'FileEndpoint',
] as const;
type Key = (typeof KNOWN_KEYS)[number];

export type AzureCredential =
  | { kind: 'accountKey'; accountName: string; accountKey: string }
  | { kind: 'sas'; token: string; sas: SasInfo | null };

export interface ParsedConnectionString {
  /** The Blob service URL without a trailing slash, e.g. `https://acct.blob.core.windows.net`. */
  blobEndpoint: string;
  accountName: string | null;
  credential: AzureCredential;
}

export interface ConnectionStringReading {
  /** Set when the endpoint and credential could be worked out, even if `problems` is not empty. */
  value: ParsedConnectionString | null;
  problems: AzureProblem[];
  warnings: AzureProblem[];
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
const DNS_SUFFIX = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
// The WHATWG URL parser's "ends in a number": a last label of digits, or of hex digits after 0x.
const ENDS_IN_NUMBER = /(?:^|\.)(?:\d+|0x[0-9a-f]*)$/i;
// Only a short, plain name from the string may be echoed: anything else could be a pasted secret.
const SHOWABLE_KEY = /^[A-Za-z]{1,32}$/;

function isKnown(key: string): key is Key {
  return (KNOWN_KEYS as readonly string[]).includes(key);
}

function splitPairs(input: string, problems: AzureProblem[]): Map<Key, string> {
  const pairs = new Map<Key, string>();
  // One trailing semicolon is how some tools end the string; an empty part anywhere else is a paste error.
  const segments = input.replace(/;\s*$/, '').split(';');
  segments.forEach((raw, index) => {
    const segment = raw.trim();
    if (segment === '') return problems.push(problem('connectionStringEmptySegment'));
    const at = segment.indexOf('=');
    if (at <= 0) return problems.push(problem('connectionStringSegmentWithoutValue', { position: String(index + 1) }));
    const key = segment.slice(0, at).trim();
    const value = segment.slice(at + 1).trim();
    if (!isKnown(key)) {
      const shown = SHOWABLE_KEY.test(key) ? key : '…';
      return problems.push(problem('connectionStringUnknownKey', { key: shown }));
    }
    if (pairs.has(key)) return problems.push(problem('connectionStringDuplicateKey', { key }));
    if (value === '') return problems.push(problem('connectionStringEmptyValue', { key }));
    pairs.set(key, value);
  });
  return pairs;
}

/** `http:` is accepted only for an endpoint on this machine (an emulator), as for the S3 service URL. */
function endpointProblem(value: string): AzureProblem | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return problem('connectionStringBlobEndpointInvalid');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return problem('connectionStringBlobEndpointInvalid');
  if (url.username || url.password || url.search || url.hash || value.includes('?') || value.includes('#')) {
    return problem('connectionStringBlobEndpointInvalid');
  }
  if (isReservedServiceHost(url.hostname)) return problem('connectionStringBlobEndpointReserved');
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return problem('connectionStringBlobEndpointHttps');
  return null;
}

function blobEndpointOf(pairs: Map<Key, string>, problems: AzureProblem[]): string | null {
  const explicit = pairs.get('BlobEndpoint');
  if (explicit !== undefined) {
    const bad = endpointProblem(explicit);
    if (bad) problems.push(bad);
    return bad ? null : explicit.replace(/\/+$/, '');
  }
  const protocol = pairs.get('DefaultEndpointsProtocol') ?? 'https';
  const suffix = pairs.get('EndpointSuffix');
  const account = pairs.get('AccountName');
  if (suffix === undefined) {
    problems.push(problem('connectionStringEndpointMissing'));
    return null;
  }
  if (!DNS_SUFFIX.test(suffix) || !suffix.split('.').every(isValidHostLabel)) {
    problems.push(problem('connectionStringEndpointSuffixInvalid'));
    return null;
  }
  if (ENDS_IN_NUMBER.test(suffix)) {
    // `1.2` or `169.254.169.254`: the URL parser reads a host ending in a number as an IPv4 address.
    problems.push(problem('connectionStringEndpointSuffixNumeric'));
    return null;
  }
  if (protocol !== 'https') {
    // A built endpoint is always a real Azure host name, never a loopback emulator.
    problems.push(problem(protocol === 'http' ? 'connectionStringBlobEndpointHttps' : 'connectionStringProtocolInvalid'));
    return null;
  }
  if (account === undefined) problems.push(problem('connectionStringAccountNameMissing'));
  if (!account || !ACCOUNT_NAME.test(account)) return null;
  return builtEndpoint(`https://${account}.blob.${suffix.toLowerCase()}`, problems);
}

/** The endpoint built from the parts, parsed as every later user will parse it. */
function builtEndpoint(endpoint: string, problems: AzureProblem[]): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    problems.push(problem('connectionStringEndpointSuffixInvalid'));
    return null;
  }
  if (isReservedServiceHost(url.hostname)) {
    problems.push(problem('connectionStringBlobEndpointReserved'));
    return null;
  }
  return endpoint;
}

function credentialOf(pairs: Map<Key, string>, now: Date, problems: AzureProblem[], warnings: AzureProblem[]): AzureCredential | null {
  const accountName = pairs.get('AccountName');
  const accountKey = pairs.get('AccountKey');
  const token = pairs.get('SharedAccessSignature');
  if (accountName !== undefined && !ACCOUNT_NAME.test(accountName)) problems.push(problem('connectionStringAccountNameInvalid'));
  if (token !== undefined) {
    if (accountKey !== undefined) problems.push(problem('connectionStringKeyAndSas'));
    const sas = readSas(token, now);
    problems.push(...sas.problems);
    warnings.push(...sas.warnings);
    return { kind: 'sas', token: token.replace(/^\?/, ''), sas: sas.info };
  }
  if (accountName === undefined) problems.push(problem('connectionStringAccountNameMissing'));
  if (accountKey === undefined) problems.push(problem('connectionStringAccountKeyMissing'));
  else if (!BASE64.test(accountKey)) problems.push(problem('connectionStringAccountKeyNotBase64'));
  if (accountName === undefined || accountKey === undefined) return null;
  return { kind: 'accountKey', accountName, accountKey };
}

export function parseConnectionString(input: string, now: Date = new Date()): ConnectionStringReading {
  const problems: AzureProblem[] = [];
  const warnings: AzureProblem[] = [];
  if (input.trim() === '') return { value: null, problems: [problem('connectionStringRequired')], warnings };
  const pairs = splitPairs(input.trim(), problems);
  const protocol = pairs.get('DefaultEndpointsProtocol');
  if (protocol !== undefined && protocol !== 'https' && protocol !== 'http') problems.push(problem('connectionStringProtocolInvalid'));
  const credential = credentialOf(pairs, now, problems, warnings);
  const blobEndpoint = blobEndpointOf(pairs, problems);
  const value = credential && blobEndpoint ? { blobEndpoint, accountName: pairs.get('AccountName') ?? null, credential } : null;
  return { value, problems: unique(problems), warnings };
}

function unique(problems: AzureProblem[]): AzureProblem[] {
  const seen = new Set<string>();
  return problems.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
