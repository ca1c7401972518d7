import type { FailureCode, ObjectFailure } from './types';

// Names a failure by a code from what any store's SDK error carries (an HTTP status, an error name or
// code, a Node socket code), and says whether trying again may help.

export class MigrationError extends Error {
  constructor(readonly code: FailureCode) {
    super(code);
    this.name = 'MigrationError';
  }
}

const THROTTLE_NAMES = new Set(['SlowDown', 'ServerBusy', 'Throttling', 'ThrottlingException', 'TooManyRequests', 'RequestLimitExceeded', 'OperationTimedOut']);
const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET', 'REQUEST_SEND_ERROR']);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeTooSkewed', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

function field(error: unknown, name: string): unknown {
  const value: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, name) : undefined;
  return value;
}

function statusOf(error: unknown): number | undefined {
  const metadata = field(error, '$metadata');
  const candidates = [field(metadata, 'httpStatusCode'), field(error, 'statusCode'), field(error, 'status')];
  return candidates.find((value): value is number => typeof value === 'number');
}

export interface Classified {
  code: FailureCode;
  retriable: boolean;
  status?: number;
}

export function classify(error: unknown): Classified {
  const status = statusOf(error);
  const withStatus = (code: FailureCode, retriable: boolean): Classified => (status === undefined ? { code, retriable } : { code, retriable, status });
  if (error instanceof MigrationError) return withStatus(error.code, false);
  const names = [field(error, 'name'), field(error, 'code'), field(error, 'Code')].filter((value): value is string => typeof value === 'string');
  if (status === 429 || status === 503 || names.some((name) => THROTTLE_NAMES.has(name))) return withStatus('throttled', true);
  if (status !== undefined && status >= 500) return withStatus('server-error', true);
  if (names.some((name) => TIMEOUT_NAMES.has(name))) return withStatus('timeout', true);
  if (names.some((name) => CONNECTION_CODES.has(name))) return withStatus('connection', true);
  if (status === 401 || status === 403) return withStatus('denied', false);
  if (status === 404) return withStatus('not-found', false);
  if (status !== undefined && status >= 400) return withStatus('client-error', false);
  // An error without a status is most often the network's (a socket closed mid-body): worth another try.
  return withStatus('unknown', true);
}

export function failureOf(key: string, error: unknown): ObjectFailure {
  const { code, status } = classify(error);
  return status === undefined ? { key, code } : { key, code, status };
}
