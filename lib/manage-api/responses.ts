import 'server-only';
import { NextResponse } from 'next/server';
import type { MessageLookup } from '@/lib/i18n/lookup';

// Every Manage API answer is JSON and never cached; errors are `{ message, errors: [{ field, code, message }] }`.

const NO_STORE = { 'cache-control': 'no-store' };

export interface ManageIssue {
  field: string | null;
  code: string;
  message: string;
}

export function manageJson(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return NextResponse.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function manageEmpty(status: number, headers: Record<string, string> = {}) {
  return new NextResponse(null, { status, headers: { ...NO_STORE, ...headers } });
}

export function manageError(status: number, message: string, errors: ManageIssue[], extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return manageJson({ message, errors, ...extra }, status, headers);
}

/** One problem that is the whole answer: `message` and the single error say the same. */
export function manageProblem(status: number, code: string, message: string, field: string | null = null, headers: Record<string, string> = {}) {
  return manageError(status, message, [{ field, code, message }], {}, headers);
}

export function runInProgressResponse(runId: string, t: MessageLookup) {
  const message = t('ConfigRun.runInProgress');
  return manageError(409, message, [{ field: null, code: 'runInProgress', message }], { run_id: runId });
}

export function requestProblem(code: 'payloadTooLarge' | 'malformedRequest' | 'unsupportedMediaType', t: MessageLookup) {
  const status = code === 'payloadTooLarge' ? 413 : code === 'unsupportedMediaType' ? 415 : 400;
  return manageProblem(status, code, t(code === 'unsupportedMediaType' ? 'Validation.malformedRequest' : `Validation.${code}`));
}
