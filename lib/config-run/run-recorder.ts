import 'server-only';
import type { ConsoleEnv } from '@/lib/env';
import type { StorageCheckIssue } from '@/lib/storage/check/types';
import { saveRun } from './run-store';
import { RUN_PHASES, type ConfigRunRecord, type MigrationProgress, type PhaseFailure, type RunMigration, type RunPhaseName, type RunSeverity, type RunSource } from './types';

// Keeps one run's record and writes it at every phase boundary, so other readers see it progress.
// Events raised inside a phase are written with the phase's end (or the next boundary).

const MAX_EVENTS = 200;
/** A copy's progress is written at most this often: readers poll the run file. */
const PROGRESS_SAVE_MS = 1000;

export function newRunRecord(id: string, source: RunSource, actor: string): ConfigRunRecord {
  return {
    format: 1,
    id,
    source,
    actor,
    createdAt: new Date().toISOString(),
    finishedAt: null,
    state: 'running',
    settingsVersion: null,
    phases: RUN_PHASES.map((name) => ({ name, state: 'pending', startedAt: null, finishedAt: null })),
    events: [],
  };
}

export class RunRecorder {
  private current: RunPhaseName | null = null;
  private progressSavedAt = 0;
  private progressSaving: Promise<void> | null = null;

  constructor(
    private readonly env: ConsoleEnv,
    private readonly run: ConfigRunRecord,
    private readonly onUpdate?: (run: ConfigRunRecord) => void,
  ) {}

  get id(): string {
    return this.run.id;
  }

  snapshot(): ConfigRunRecord {
    return structuredClone(this.run);
  }

  async save(): Promise<void> {
    if (this.progressSaving) await this.progressSaving;
    await saveRun(this.env, this.run);
    this.onUpdate?.(this.snapshot());
  }

  /** Adds an event (written with the next save). Params are codes and names, never secrets. */
  event(severity: RunSeverity, code: string, params?: Record<string, string>, issue?: StorageCheckIssue): void {
    if (this.run.events.length >= MAX_EVENTS) return;
    const seq = this.run.events.length + 1;
    this.run.events.push({ seq, timestamp: new Date().toISOString(), severity, phase: this.current, code, ...(params ? { params } : {}), ...(issue ? { issue } : {}) });
  }

  setSettingsVersion(version: number): void {
    this.run.settingsVersion = version;
  }

  /** Adds phases before `before` (a run that turns out to move the packages gains the copy's phases). */
  addPhases(names: readonly RunPhaseName[], before: RunPhaseName): void {
    const at = this.run.phases.findIndex((phase) => phase.name === before);
    const added = names.filter((name) => !this.run.phases.some((phase) => phase.name === name)).map((name) => ({ name, state: 'pending' as const, startedAt: null, finishedAt: null }));
    this.run.phases.splice(at < 0 ? this.run.phases.length : at, 0, ...added);
  }

  get migration(): RunMigration | undefined {
    return this.run.migration;
  }

  setMigration(migration: RunMigration): void {
    this.run.migration = migration;
  }

  /** Records a copy's progress, saving it at most once a second (and never two saves at once). */
  progress(progress: MigrationProgress): void {
    if (!this.run.migration) return;
    this.run.migration.progress = progress;
    const now = Date.now();
    if (this.progressSaving || now - this.progressSavedAt < PROGRESS_SAVE_MS) return;
    this.progressSavedAt = now;
    this.progressSaving = this.save()
      .catch(() => undefined)
      .finally(() => {
        this.progressSaving = null;
      });
  }

  private phase(name: RunPhaseName) {
    const phase = this.run.phases.find((candidate) => candidate.name === name);
    if (!phase) throw new Error(`unknown phase ${name}`);
    return phase;
  }

  async startPhase(name: RunPhaseName): Promise<void> {
    const phase = this.phase(name);
    this.current = name;
    phase.state = 'running';
    phase.startedAt = new Date().toISOString();
    this.event('INFO', 'phaseStarted', { phase: name });
    await this.save();
  }

  async completePhase(name: RunPhaseName): Promise<void> {
    const phase = this.phase(name);
    phase.state = 'done';
    phase.finishedAt = new Date().toISOString();
    this.event('INFO', 'phaseDone', { phase: name });
    this.current = null;
    await this.save();
  }

  /** Fails the phase and with it the run; the phases after it stay pending. */
  async failPhase(name: RunPhaseName, failure: PhaseFailure): Promise<void> {
    const phase = this.phase(name);
    phase.state = 'failed';
    phase.startedAt ??= new Date().toISOString();
    phase.finishedAt = new Date().toISOString();
    phase.failure = failure;
    this.event('ERROR', 'phaseFailed', { phase: name, reason: failure.code });
    this.current = null;
    await this.finish('failed');
  }

  async finish(state: 'succeeded' | 'failed'): Promise<void> {
    this.run.state = state;
    this.run.finishedAt = new Date().toISOString();
    this.event(state === 'succeeded' ? 'INFO' : 'ERROR', state === 'succeeded' ? 'runSucceeded' : 'runFailed');
    await this.save();
  }
}
