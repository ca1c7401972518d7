import 'server-only';
import type { ConnectionLog } from '@/lib/network/storage-agent';
import { detectTlsPort, diagnoseTls, type DiagnosisOptions } from '@/lib/network/tls-diagnosis';
import type { Deadline } from './deadline';
import type { IssueTarget } from './types';

// What the connections themselves tell, beyond the storage's answers: why TLS failed, and a
// certificate about to expire. For every storage type, on the field that holds its endpoint.

export const EXPIRY_WARNING_DAYS = 30;
/** The closer look gets at most this long (and never more than what is left of the check's budget). */
const DIAGNOSIS_MAX_MS = 3_000;
/**
 * Whether an http:// port speaks TLS: a TLS server answers a ClientHello at once, so a short wait
 * tells, and a server that is simply broken (it waits for a request that never comes) costs no more.
 */
const TLS_PORT_PROBE_MS = 400;
const TLS_FAILURES = new Set(['endpointTls', 'endpointTlsHandshake']);
// No HTTP answer on http:// (a TLS server closes the connection: the SDK calls that reset a timeout),
// or an answer from something else than the service (a "plain HTTP sent to an HTTPS port" page): the
// type's own code for that, Endpoint.notServiceCode.
const MAYBE_TLS_PORT = new Set(['endpointUnreachable', 'endpointTimeout', 'endpointClosed', 'endpointNotHttp']);

/** What the closer look needs of a type's report: its fatal issue, and a way to make it precise. */
/** An issue on the field `F` that holds the endpoint. */
export interface EndpointIssue<F extends IssueTarget> {
  code: string;
  field: F;
  params: Record<string, string>;
}

export interface RefinableReport<F extends IssueTarget> {
  readonly fatal: { code: string; field: string | null } | null;
  refineFatal(issue: EndpointIssue<F>): void;
}

export interface Endpoint<F extends IssueTarget> {
  url: string;
  /** The field that holds it (S3: the service URL; Azure: the connection string). */
  field: F;
  /** The type's code for an answer that did not come from its service (a web page, another server). */
  notServiceCode?: string;
}

export async function explainEndpointFailure<F extends IssueTarget>(report: RefinableReport<F>, endpoint: Endpoint<F>, options: Omit<DiagnosisOptions, 'timeoutMs'>, deadline: Deadline): Promise<void> {
  const fatal = report.fatal;
  const serviceUrl = endpoint.url;
  // A check whose budget ran out has no time left for a closer look.
  if (!fatal || fatal.field !== endpoint.field || deadline.timedOut() || deadline.cancelled()) return;
  const remainingMs = deadline.remainingMs();
  const protocol = new URL(serviceUrl).protocol;
  const timeoutMs = Math.max(500, Math.min(DIAGNOSIS_MAX_MS, remainingMs));
  let found = null;
  if (protocol === 'https:' && TLS_FAILURES.has(fatal.code)) found = await diagnoseTls(serviceUrl, { ...options, timeoutMs });
  else if (protocol === 'http:' && (MAYBE_TLS_PORT.has(fatal.code) || fatal.code === endpoint.notServiceCode)) found = await detectTlsPort(serviceUrl, { ...options, timeoutMs: Math.min(timeoutMs, TLS_PORT_PROBE_MS) });
  if (found) report.refineFatal({ code: found.code, field: endpoint.field, params: found.params });
}

export function certificateExpiryWarning<F extends IssueTarget>(log: ConnectionLog, endpoint: Endpoint<F>, now = new Date()): EndpointIssue<F> | null {
  const first = log.firstExpiring;
  if (!first) return null;
  const days = (new Date(first.validTo).getTime() - now.getTime()) / 86_400_000;
  if (days > EXPIRY_WARNING_DAYS) return null;
  return { code: 'tlsExpiringSoon', field: endpoint.field, params: { host: new URL(endpoint.url).host, subject: first.subject, date: first.validTo } };
}
