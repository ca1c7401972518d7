import 'server-only';
import { NextResponse } from 'next/server';
import type { Translator } from '@/lib/i18n/translator';

// JSON answers of the console's own API routes (settings, runs, sign-in): never cached.

const NO_STORE = { 'cache-control': 'no-store' };

export interface JsonIssue {
  field: string | null;
  code: string;
  message: string;
}

export function jsonResponse(body: unknown, status = 200) {
  return NextResponse.json(body, { status, headers: NO_STORE });
}

export function errorResponse(status: number, body: { message: string; errors: JsonIssue[] }) {
  return jsonResponse(body, status);
}

export function requestProblemResponse(code: 'payloadTooLarge' | 'malformedRequest' | 'unsupportedMediaType', t: Translator) {
  const status = code === 'payloadTooLarge' ? 413 : code === 'unsupportedMediaType' ? 415 : 400;
  const message = t(code === 'unsupportedMediaType' ? 'Validation.malformedRequest' : `Validation.${code}`);
  return errorResponse(status, { message, errors: [{ field: null, code, message }] });
}
