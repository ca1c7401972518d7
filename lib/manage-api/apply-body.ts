import { isRunId } from '@/lib/config-run/types';
import type { MessageLookup } from '@/lib/i18n/lookup';
import type { ManageIssue } from './responses';

// The optional body of POST /manage/v1/config/apply: `{ "migrate": true }` moves the packages to the
// new storage first, `{ "resume": "<run id>" }` continues a failed run's copy. No body applies as before.

export type ApplyOptions = { migrate?: boolean; resume?: string };

export function parseApplyBody(value: unknown, t: MessageLookup): { ok: true; options: ApplyOptions } | { ok: false; errors: ManageIssue[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [{ field: null, code: 'applyBodyInvalid', message: t('ManageApi.applyBodyInvalid') }] };
  }
  const body = value as Record<string, unknown>;
  const errors: ManageIssue[] = Object.keys(body)
    .filter((key) => key !== 'migrate' && key !== 'resume')
    .map((key) => ({ field: key, code: 'unknownField', message: t('Validation.unknownField') }));
  if ('migrate' in body && typeof body.migrate !== 'boolean') errors.push({ field: 'migrate', code: 'migrateInvalid', message: t('ManageApi.migrateInvalid') });
  if ('resume' in body && !(typeof body.resume === 'string' && isRunId(body.resume))) errors.push({ field: 'resume', code: 'resumeInvalid', message: t('ManageApi.resumeInvalid') });
  // A resume is a move already: asking for a new one beside it is ambiguous, so neither is guessed.
  if (errors.length === 0 && body.migrate === true && 'resume' in body) errors.push({ field: null, code: 'migrateResumeExclusive', message: t('ManageApi.migrateResumeExclusive') });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, options: { ...(body.migrate === true ? { migrate: true } : {}), ...(typeof body.resume === 'string' ? { resume: body.resume } : {}) } };
}
