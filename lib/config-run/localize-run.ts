import { humanSize } from '@/lib/i18n/human-size';
import { causeText, localizeMigration, type LocalizedMigration } from './localize-migration';
import { lookupLocale, problemText, type MessageLookup } from '@/lib/i18n/lookup';
import type { ApiIssue, LocalizedCheckResult } from '@/lib/storage/check/localized';
import { checkDescriber } from '@/lib/storage/check/describe';
import { localizeCheckResult, subjectText } from '@/lib/storage/check/localize-check';
import { withNamespace } from './stored-problem';
import { runProgress, type ConfigRunRecord, type PhaseFailure, type PhaseState, type RunEvent, type RunPhaseName, type RunSeverity, type RunSource, type RunState } from './types';

// Runs are stored as codes; these turn them into the reader's language (console, Manage API, CLI).

export type { MessageLookup } from '@/lib/i18n/lookup';

export interface LocalizedPhase {
  name: RunPhaseName;
  label: string;
  state: PhaseState;
  stateLabel: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: { code: string; message: string } | null;
}

export interface LocalizedRun {
  id: string;
  source: RunSource;
  sourceLabel: string;
  createdAt: string;
  finishedAt: string | null;
  state: RunState;
  running: boolean;
  successful: boolean;
  settingsVersion: number | null;
  progress: number;
  summary: string;
  phases: LocalizedPhase[];
  /** Problems of the failed phase, with the form field they belong to. */
  errors: ApiIssue[];
  /** What the admin must know although the run went on, such as a save the audit log missed. */
  warnings: ApiIssue[];
  check: LocalizedCheckResult | null;
  /** A run that moves the packages to new storage: what, how far, what failed. */
  migration: LocalizedMigration | null;
}

// Warnings shown with the run's result; the others (the storage check's) are in its events.
const RESULT_WARNINGS = new Set(['auditLogFailed']);

export interface LocalizedEvent {
  seq: number;
  timestamp: string;
  severity: RunSeverity;
  phase: RunPhaseName | null;
  body: string;
}

export function phaseLabel(name: RunPhaseName, t: MessageLookup): string {
  return t(`ConfigRun.phases.${name}`);
}

/** What a check worked on, as its run stored it. */
const checkedSubject = (params: Record<string, string> | undefined): string | undefined => params?.subject ?? params?.bucket;

/**
 * A packages service, an ecosystem mode and what a check worked on are stored as ids and names; the
 * reader sees them named ("bucket packages", "container packages"; runs stored before they kept their storage
 * type read as the default type, and those stored before `subject` named it `bucket`).
 */
function namedParams(params: Record<string, string> | undefined, t: MessageLookup): Record<string, string> | undefined {
  const subject = checkedSubject(params);
  if (!params || (!params.service && !params.mode && subject === undefined && !params.cause && params.bytes === undefined)) return params;
  const named = { ...params };
  if (subject !== undefined) named.subject = subjectText(params.storageType, subject, t);
  if (params.service) named.service = t(`Ecosystems.${params.service}.name`);
  if (params.mode) named.mode = t(`Ecosystems.modes.${params.mode}`);
  // A storage move's failure cause is a neutral code (lib/migration), with the store's HTTP status when it answered one.
  if (params.cause) named.cause = causeText(params.cause, params.status ? Number(params.status) : undefined, t);
  if (params.bytes !== undefined) named.bytes = humanSize(Number(params.bytes));
  return named;
}

/** Stored as text; a count the message chooses its plural by is given as a number. */
const countParams = (params: Record<string, string> | undefined): Record<string, number> => (params?.count ? { count: Number(params.count) } : {});

export function failureMessage(failure: PhaseFailure, t: MessageLookup): string {
  return t(`ConfigRun.errors.${failure.code}`, { ...namedParams(failure.params, t), ...countParams(failure.params) });
}

function failureIssues(failure: PhaseFailure | undefined, t: MessageLookup): ApiIssue[] {
  if (!failure) return [];
  if (failure.problems) return failure.problems.map((problem) => ({ field: problem.field, code: problem.code, message: problemText(withNamespace(problem), t) }));
  if (failure.check) return failure.check.errors.map((issue) => checkDescriber(failure.check?.storageType).issue(issue, t, lookupLocale(t)));
  return [{ field: null, code: failure.code, message: failureMessage(failure, t) }];
}

export function localizeRun(run: ConfigRunRecord, t: MessageLookup): LocalizedRun {
  const failed = run.phases.find((phase) => phase.state === 'failed');
  const active = run.phases.find((phase) => phase.state === 'running');
  let summary: string;
  if (run.state === 'running') summary = t('ConfigRun.summary.running', { phase: phaseLabel(active?.name ?? 'validate', t) });
  else if (run.state === 'succeeded') summary = t('ConfigRun.summary.succeeded', { version: run.settingsVersion ?? 0 });
  else summary = t('ConfigRun.summary.failed', { phase: phaseLabel(failed?.name ?? 'validate', t), reason: failed?.failure ? failureMessage(failed.failure, t) : '' });
  const check = failed?.failure?.check;
  return {
    id: run.id,
    source: run.source,
    sourceLabel: t(`ConfigRun.sources.${run.source}`),
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    state: run.state,
    running: run.state === 'running',
    successful: run.state === 'succeeded',
    settingsVersion: run.settingsVersion,
    progress: run.state === 'succeeded' ? 100 : runProgress(run.phases),
    summary,
    phases: run.phases.map((phase) => ({
      name: phase.name,
      label: phaseLabel(phase.name, t),
      state: phase.state,
      stateLabel: t(`ConfigRun.states.${phase.state}`),
      startedAt: phase.startedAt,
      finishedAt: phase.finishedAt,
      error: phase.failure ? { code: phase.failure.code, message: failureMessage(phase.failure, t) } : null,
    })),
    errors: failureIssues(failed?.failure, t),
    warnings: run.events.filter((event) => RESULT_WARNINGS.has(event.code)).map((event) => ({ field: null, code: event.code, message: eventBody(event, run, t) })),
    check: check ? localizeCheckResult(check, t, checkedSubject(failed?.failure?.params) ?? '') : null,
    migration: run.migration ? localizeMigration(run.migration, t) : null,
  };
}

function eventBody(event: RunEvent, run: ConfigRunRecord, t: MessageLookup): string {
  if (event.issue) return checkDescriber(event.params?.storageType).issue(event.issue, t, lookupLocale(t)).message;
  const params: Record<string, string> = { ...namedParams(event.params, t) };
  if (params.reason) {
    // The failure's own parameters (path, version…) live with the phase, not in the event.
    const failure = run.phases.find((phase) => phase.name === params.phase)?.failure;
    params.reason = failureMessage(failure?.code === params.reason ? failure : { code: params.reason }, t);
  }
  if (params.phase) params.phase = phaseLabel(params.phase as RunPhaseName, t);
  if (params.source) params.source = t(`ConfigRun.sources.${params.source}`);
  // Stored as text (older runs hold "1.2"); the message formats the number in the reader's locale.
  const numbers: Record<string, number> = params.seconds ? { seconds: Number(params.seconds) } : {};
  return t(`ConfigRun.events.${event.code}`, { ...params, ...numbers });
}

export function localizeEvents(run: ConfigRunRecord, t: MessageLookup): LocalizedEvent[] {
  return run.events.map((event) => ({ seq: event.seq, timestamp: event.timestamp, severity: event.severity, phase: event.phase, body: eventBody(event, run, t) }));
}
