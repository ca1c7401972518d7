import 'server-only';
import path from 'node:path';
import { auditLogPath } from '@/lib/settings/audit-log';
import { checkNextStorage, prepareSave, writeNextSettings } from '@/lib/config-run/save-steps';
import { settingsProblems } from '@/lib/settings/key-values';
import { readSettings } from '@/lib/settings/store';
import type { PackagesSettings, SettingsSnapshot } from '@/lib/settings/types';
import { checkStorage, checkSubject } from '@/lib/storage/check/check-storage';
import { prepareRestore } from '@/lib/history/restore';
import { storageType } from '@/lib/storage/registry';
import { storageServer, proxiedStorage } from '@/lib/storage/server';
import type { StorageCheckResult } from '@/lib/storage/check/types';
import {
  appliedSettings,
  appliedStorage,
  promoteStagedConfig,
  readStagedConfig,
  renderAppliedConfig,
  stagedConfigPath,
  writeStagedConfig,
  type AppliedConfigFile,
} from './applied-config';
import { PhaseFailed } from './phase-failed';
import { planMigration, resumePlan } from './migration-plan';
import type { MigrationPlan, RunContext, RunRequest } from './run-context';
import { commitServices, proveServices, stageServices } from './service-steps';
import type { ServicesGateway } from '@/lib/services/gateway';

// The five phases of a configuration run. Validate, check and write are the steps of saving settings
// (./save-steps.ts); apply and verify hand the result to the packages services (./service-steps.ts).

export { PhaseFailed } from './phase-failed';
export type { RunContext, RunRequest } from './run-context';

export interface RunPlan {
  next: PackagesSettings;
  expectedVersion: number;
  /** false for an apply: the settings are already saved. */
  write: boolean;
  /** The storage in use before, for the "storage changed" warning. */
  previous: PackagesSettings | null;
  /** The kept version a restore brings back. */
  restoredFrom?: number;
  /** Set when the run copies the packages from the storage in force to the new one. */
  migration: MigrationPlan | null;
}


export async function validatePhase(request: RunRequest, ctx: RunContext): Promise<RunPlan> {
  if (request.kind === 'save') {
    const prepared = await prepareSave(request.body, ctx.env);
    if (prepared.kind === 'invalid') throw new PhaseFailed({ code: 'invalid', problems: prepared.problems });
    if (prepared.kind === 'conflict') throw new PhaseFailed({ code: 'versionConflict', params: { version: String(prepared.currentVersion) } });
    if (prepared.kind === 'confirm-required') throw new PhaseFailed({ code: 'confirmStorageChange' });
    ctx.recorder.event('INFO', 'validated', { version: String(prepared.expectedVersion) });
    const migration = await planMigration(prepared.copyPackages, prepared.next, ctx);
    return { next: prepared.next, expectedVersion: prepared.expectedVersion, write: true, previous: prepared.current.packages, migration };
  }
  if (request.kind === 'restore') {
    const prepared = await prepareRestore(request, ctx.env);
    if (prepared.kind === 'not-found') throw new PhaseFailed({ code: 'versionNotKept', params: { version: String(request.version) } });
    if (prepared.kind === 'invalid') throw new PhaseFailed({ code: 'invalid', problems: prepared.problems });
    if (prepared.kind === 'conflict') throw new PhaseFailed({ code: 'versionConflict', params: { version: String(prepared.currentVersion) } });
    if (prepared.kind === 'confirm-required') throw new PhaseFailed({ code: 'confirmStorageChange' });
    ctx.recorder.event('INFO', 'restoring', { version: String(request.version), current: String(prepared.expectedVersion) });
    const migration = await planMigration(request.copyPackages === true, prepared.next, ctx);
    return { next: prepared.next, expectedVersion: prepared.expectedVersion, write: true, previous: prepared.current.packages, restoredFrom: request.version, migration };
  }
  // Settings set key by key (`cli config set`, the Manage API) are checked as a whole only here.
  const current = await readSettings(ctx.env);
  const problems = settingsProblems(current.packages, current.version, { proxied: proxiedStorage(ctx.env.proxy) });
  if (problems.length > 0) throw new PhaseFailed({ code: 'invalid', problems });
  ctx.recorder.event('INFO', 'validated', { version: String(current.version) });
  const migration = request.resume ? await resumePlan(request.resume, current, ctx) : await planMigration(request.migrate === true, current.packages, ctx);
  return { next: current.packages, expectedVersion: current.version, write: false, previous: await appliedStorage(ctx.env), migration };
}

function reportCheck(result: StorageCheckResult, ctx: RunContext): void {
  // The type names the namespace the text is in.
  const params = result.storageType ? { storageType: result.storageType } : undefined;
  for (const warning of result.warnings) ctx.recorder.event('WARNING', 'storageIssue', params, warning);
  for (const error of result.errors) ctx.recorder.event('ERROR', 'storageIssue', params, error);
}

export async function checkPhase(plan: RunPlan, ctx: RunContext): Promise<void> {
  const result = await checkNextStorage(plan.next, plan.previous, { signal: ctx.signal, env: ctx.env });
  if (!result) {
    ctx.recorder.event('INFO', 'checkSkipped');
    return;
  }
  reportCheck(result, ctx);
  const subject = { subject: checkSubject(plan.next), storageType: plan.next.storageType };
  if (!result.ok) throw new PhaseFailed({ code: 'storageCheckFailed', params: subject, check: result });
  ctx.recorder.event('INFO', 'checkPassed', { ...subject, seconds: String(result.durationMs / 1000) });
}

export async function writePhase(plan: RunPlan, ctx: RunContext): Promise<SettingsSnapshot> {
  if (!plan.write) {
    const current = await readSettings(ctx.env);
    // Someone changed the settings since they were validated: apply nothing rather than something unchecked.
    if (current.version !== plan.expectedVersion) throw new PhaseFailed({ code: 'versionConflict', params: { version: String(current.version) } });
    ctx.recorder.event('INFO', 'settingsUnchanged', { version: String(current.version) });
    return current;
  }
  const written = await writeNextSettings(plan.next, plan.expectedVersion, { actor: ctx.actor, env: ctx.env, restoredFrom: plan.restoredFrom });
  if (written.kind === 'conflict') throw new PhaseFailed({ code: 'versionConflict', params: { version: String(written.currentVersion) } });
  ctx.recorder.event('INFO', 'settingsWritten', { version: String(written.snapshot.version) });
  // The settings are saved: a missing audit entry is the admin's to know about, not a reason to fail the run.
  if (written.snapshot.auditFailure) {
    ctx.recorder.event('WARNING', 'auditLogFailed', { version: String(written.snapshot.version), path: auditLogPath(ctx.env.dataDir), error: written.snapshot.auditFailure });
  }
  return written.snapshot;
}

export interface AppliedRun {
  rendered: AppliedConfigFile;
  /** The services with this run's new instances staged, or null when no console runs them. */
  services: ServicesGateway | null;
}

export async function applyPhase(snapshot: SettingsSnapshot, ctx: RunContext): Promise<AppliedRun> {
  const rendered = await renderAppliedConfig(snapshot, ctx.recorder.id, ctx.env);
  await writeStagedConfig(rendered, ctx.env);
  ctx.recorder.event('INFO', 'applyStaged', { file: path.basename(stagedConfigPath(ctx.env)), version: String(snapshot.version) });
  return { rendered, services: await stageServices(rendered, ctx) };
}

/** Everything but the sealed secrets, which differ on every sealing and are compared opened. */
function sameExceptSecrets(a: AppliedConfigFile, b: AppliedConfigFile): boolean {
  const strip = (config: AppliedConfigFile) => {
    const packages: Record<string, unknown> = { ...config.packages };
    for (const key of storageServer(config.packages.blob_storage_type).appliedSecretKeys) packages[key] = packages[key] !== '';
    return JSON.stringify({ ...config, packages });
  };
  return strip(a) === strip(b);
}

/** The applied type's secrets, opened, are the saved ones. */
function sameSecrets(applied: PackagesSettings, saved: PackagesSettings): boolean {
  const values = (settings: PackagesSettings): Readonly<Record<string, unknown>> => settings;
  const secrets = storageType(applied.storageType).fields.filter((field) => field.secret);
  return applied.storageType === saved.storageType && secrets.every((field) => values(applied)[field.name] === values(saved)[field.name]);
}

export async function verifyPhase(snapshot: SettingsSnapshot, { rendered, services }: AppliedRun, ctx: RunContext): Promise<void> {
  const readBack = await readStagedConfig(ctx.env).catch(() => null);
  if (!readBack || readBack.run_id !== ctx.recorder.id || !sameExceptSecrets(readBack, rendered)) throw new PhaseFailed({ code: 'applyMismatch' });
  const applied = await appliedSettings(readBack, ctx.env);
  if (readBack.packages.enabled && !sameSecrets(applied, snapshot.packages)) throw new PhaseFailed({ code: 'applyMismatch' });
  ctx.recorder.event('INFO', 'readBack');
  if (readBack.packages.enabled) {
    const result = await checkStorage(applied, { timeoutMs: ctx.env.checkTimeoutMs, signal: ctx.signal });
    reportCheck({ ...result, warnings: [] }, ctx);
    const subject = { subject: checkSubject(applied), storageType: applied.storageType };
    if (!result.ok) throw new PhaseFailed({ code: 'verifyCheckFailed', params: subject, check: result });
    ctx.recorder.event('INFO', 'verifyCheckPassed', subject);
  }
  if (services) await proveServices(services, ctx);
  await promoteStagedConfig(ctx.env);
  ctx.recorder.event('INFO', 'applied', { version: String(snapshot.version) });
  // The configuration is committed: the fronts follow it (a failure here leaves old instances serving the new file's storage unproven; the run says so).
  if (services) await commitServices(services, ctx);
}
