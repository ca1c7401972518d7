import 'server-only';
import { NextResponse } from 'next/server';
import { maxLength, optional, strictObject, string } from 'zod/mini';
import type { Translator } from '@/lib/i18n/translator';
import type { ConsoleEnv } from '@/lib/env';
import { MAX_PASSWORD_CHARACTERS, MIN_PASSWORD_CHARACTERS, type PasswordProblem } from './password-policy';
import { newSession, sealSession, SESSION_COOKIE, sessionCookieOptions } from './session';

// Request shapes and answers of /api/auth/*. Bodies are strict: an unknown field is an error, not ignored.

const bounded = (max: number) => string().check(maxLength(max));
// Longer than any valid password so the policy (not the parser) reports a too-long one, but bounded.
const PASSWORD_INPUT = MAX_PASSWORD_CHARACTERS * 4;

export const loginBodySchema = strictObject({ password: bounded(PASSWORD_INPUT), next: optional(bounded(2048)) });
export const setupBodySchema = strictObject({ token: bounded(256), password: bounded(PASSWORD_INPUT), confirmPassword: bounded(PASSWORD_INPUT) });

export type AuthField = 'password' | 'confirmPassword' | 'token' | 'next' | null;
export interface AuthIssue {
  field: AuthField;
  code: string;
  message: string;
}

const NO_STORE = { 'cache-control': 'no-store' };
const FIELDS: AuthField[] = ['password', 'confirmPassword', 'token', 'next'];

export function authJson(body: unknown, status = 200, headers: Record<string, string> = {}): NextResponse {
  return NextResponse.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function authError(status: number, code: string, message: string, field: AuthField = null, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): NextResponse {
  return authJson({ message, errors: [{ field, code, message }], ...extra }, status, headers);
}

/** 422 for a body of the wrong shape: one issue per field, unknown fields named as such. */
export function invalidBodyResponse(issues: readonly { code: string; path: PropertyKey[]; keys?: string[] }[], t: Translator): NextResponse {
  const message = t('AuthErrors.invalidRequest');
  const errors: AuthIssue[] = issues.map((issue) => {
    const head = issue.path[0];
    const field = FIELDS.includes(head as AuthField) ? (head as AuthField) : null;
    return { field, code: issue.code === 'unrecognized_keys' ? 'unknownField' : 'invalid', message };
  });
  return authJson({ message, errors }, 422);
}

export function passwordMessage(code: PasswordProblem | 'passwordMismatch', t: Translator): string {
  return t(`AuthErrors.${code}`, { min: MIN_PASSWORD_CHARACTERS, max: MAX_PASSWORD_CHARACTERS });
}

export function passwordFileResponse(t: Translator): NextResponse {
  return authError(503, 'passwordFileUnusable', t('AuthErrors.passwordFileUnusable'));
}

/** Answers with a fresh session cookie: a new session id at every login, never a reused one. */
export async function signedInResponse(epoch: number, redirectTo: string, secure: boolean, env: ConsoleEnv): Promise<NextResponse> {
  const response = authJson({ redirectTo });
  response.cookies.set(SESSION_COOKIE, await sealSession(newSession(epoch), env), sessionCookieOptions(secure));
  return response;
}
