// Errors in the shape Verdaccio 6.8 checks (`err.code === 404 / 409`, `err.status` for the HTTP answer),
// as @verdaccio/commons-api's getNotFound/getConflict make them, and the mapping of what
// @azure/storage-blob or Node threw onto them. Only an Azure error code, a Node error code and the HTTP
// status ever reach a message: an Azure message can echo the string-to-sign and a request URL the SAS.

export interface VerdaccioError extends Error {
  code: number;
  status: number;
  statusCode: number;
  expose: boolean;
}

export function verdaccioError(status: number, message: string): VerdaccioError {
  return Object.assign(new Error(message), { code: status, status, statusCode: status, expose: status < 500 });
}

export const getNotFound = (message = 'no such package available') => verdaccioError(404, message);
export const getConflict = (message = 'file already exists') => verdaccioError(409, message);
export const getInternalError = (message = 'internal server error') => verdaccioError(500, message);
export const getServiceUnavailable = (message = 'resource temporarily unavailable') => verdaccioError(503, message);

interface AzureErrorLike {
  statusCode?: unknown;
  code?: unknown;
  name?: unknown;
  details?: { errorCode?: unknown };
  cause?: unknown;
}

export interface AzureFailure {
  /** HTTP status of the answer, 0 when none arrived. */
  status: number;
  /** Azure's error code (BlobNotFound, ConditionNotMet...), Node's (ECONNREFUSED...) or the error's name. */
  code: string;
}

const SAFE_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

export function azureFailure(error: unknown): AzureFailure {
  const err = (error ?? {}) as AzureErrorLike;
  const status = typeof err.statusCode === 'number' ? err.statusCode : 0;
  const candidates = [err.details?.errorCode, err.code, (err.cause as AzureErrorLike | undefined)?.code, err.name];
  const code = candidates.find((value): value is string => typeof value === 'string' && SAFE_CODE.test(value)) ?? 'UnknownError';
  return { status, code };
}

// The container itself is missing: a configuration fault, never "no such package".
const CONTAINER_GONE = new Set(['ContainerNotFound', 'ContainerBeingDeleted']);
const DENIED = /^(Authentication|Authorization)/;

export function isNotFound(error: unknown): boolean {
  const { status, code } = azureFailure(error);
  return status === 404 && !CONTAINER_GONE.has(code);
}

/** An If-Match / If-None-Match condition failed, or a create-only write found the blob there. */
export function isConflict(error: unknown): boolean {
  const { status, code } = azureFailure(error);
  return status === 412 || (status === 409 && (code === 'BlobAlreadyExists' || code === 'ConditionNotMet'));
}

/** A sentence for the log and the client: what failed and Azure's or Node's code, nothing else. */
export function describeFailure(operation: string, error: unknown): string {
  const { status, code } = azureFailure(error);
  const answer = status ? `${code}, HTTP ${status}` : code;
  if (CONTAINER_GONE.has(code)) return `azure-blob-storage: ${operation} failed: the container does not exist (${answer})`;
  if (DENIED.test(code) || status === 403) return `azure-blob-storage: ${operation} failed: the storage refused the credentials or their permissions (${answer})`;
  if (code === 'AbortError' || code === 'TimeoutError') return `azure-blob-storage: ${operation} failed: no answer in time (${answer})`;
  return `azure-blob-storage: ${operation} failed (${answer})`;
}

/** The Verdaccio error for a failed storage call: 404 and 409 keep their meaning, anything else is a 500. */
export function toVerdaccioError(operation: string, error: unknown): VerdaccioError {
  if (isNotFound(error)) return getNotFound();
  if (isConflict(error)) return getConflict();
  const { status } = azureFailure(error);
  return verdaccioError(status === 503 ? 503 : 500, describeFailure(operation, error));
}
