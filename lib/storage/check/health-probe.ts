import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import { readCertificateExpiry } from '@/lib/health/certificate-expiry';
import { contentMismatch, measureOperation, notRunAfterList, notRunOperation, type HealthIssue, type MeasuredRun } from '@/lib/health/measure';
import type { HealthOperation, HealthProbeOptions, HealthProbeResult } from '@/lib/health/types';
import { HEALTH_PREFIX } from '../console-prefixes';
import { deadlineFacts, MAX_CONNECT_TIMEOUT_MS, startDeadline, type DeadlineFacts } from './deadline';

// Every storage type's health probe: cheaper than the check and leaves nothing behind. One list, then
// one small object written, read back (content compared) and deleted, one request at a time so each
// latency is that operation's own. Each type plugs in its requests and its classifier.

export interface HealthRequests {
  /** The service's endpoint: its TLS certificate's expiry is read beside the probe. */
  endpoint: string;
  /** Why read and delete did not run when nothing was written, in the type's words (object, blob). */
  nothingWritten: string;
  /** The check's classifier for one operation's failure. */
  classify(error: unknown, operation: HealthOperation, facts: DeadlineFacts): HealthIssue;
  /** The HTTP 200 as the type's SDK errors carry it, so other content read back classifies as such. */
  answered: object;
  /** Names under `prefix`: a few earlier probes at most. */
  list(prefix: string, signal: AbortSignal): Promise<string[]>;
  write(name: string, body: string, signal: AbortSignal): Promise<unknown>;
  read(name: string, signal: AbortSignal): Promise<string>;
  remove(name: string, signal: AbortSignal): Promise<unknown>;
  /** The service refused the request, so it created nothing. */
  isRejection(error: unknown): boolean;
}

/** Nothing could be sent (no credentials, a damaged secret): the list fails with that reason. */
export function healthRefused(issue: Pick<HealthIssue, 'code' | 'params'>): HealthProbeResult {
  const operations = notRunAfterList([{ operation: 'list', status: 'fail', code: issue.code, latencyMs: null, ...(issue.params ? { params: issue.params } : {}) }]);
  return { operations, certificateExpiresAt: null };
}

export async function probeStorageHealth(requests: HealthRequests, options: HealthProbeOptions): Promise<HealthProbeResult> {
  const run: MeasuredRun = { deadline: startDeadline(options.timeoutMs, options.signal), operations: [] };
  const measure = <T>(operation: HealthOperation, send: (signal: AbortSignal) => Promise<T>) =>
    measureOperation(run, operation, send, (error) => requests.classify(error, operation, deadlineFacts(run.deadline, options.timeoutMs)));
  const certificate = readCertificateExpiry(requests.endpoint, Math.min(options.timeoutMs, MAX_CONNECT_TIMEOUT_MS));
  const name = `${HEALTH_PREFIX}${randomUUID()}`;
  const body = `console storage health ${randomBytes(8).toString('hex')}\n`;
  const listed = await measure('list', (signal) => requests.list(HEALTH_PREFIX, signal));
  if (!listed.ok && run.deadline.signal.aborted) {
    return { operations: notRunAfterList(run.operations), certificateExpiresAt: await certificate };
  }
  const written = await measure('write', (signal) => requests.write(name, body, signal));
  if (written.ok) {
    await measure('read', async (signal) => {
      if ((await requests.read(name, signal)) !== body) throw contentMismatch(requests.answered);
    });
  } else {
    notRunOperation(run.operations, 'read', requests.nothingWritten);
  }
  // Deleted whenever the write may have landed: a rejected write created nothing.
  if (written.ok || !requests.isRejection(written.error)) await measure('delete', (signal) => requests.remove(name, signal));
  else notRunOperation(run.operations, 'delete', requests.nothingWritten);
  // A probe an earlier check could not delete (permission revoked then restored) goes now, unmeasured.
  for (const stale of listed.ok ? listed.value : []) {
    await requests.remove(stale, run.deadline.signal).catch(() => undefined);
  }
  return { operations: run.operations, certificateExpiresAt: await certificate };
}
