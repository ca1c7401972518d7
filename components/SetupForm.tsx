'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { goTo, postAuth, SETUP_ENDPOINT } from '@/lib/auth/auth-client';
import { MAX_PASSWORD_CHARACTERS, MIN_PASSWORD_CHARACTERS, passwordProblem } from '@/lib/auth/password-policy';
import { PasswordField } from './PasswordField';
import { useHydrated } from './useHydrated';

type Errors = { password?: string; confirmPassword?: string; form?: string };

/** The token stays in the address bar only: it is read from there on submit, never rendered into the page. */
export function SetupForm() {
  const t = useTranslations('SetupForm');
  const tErrors = useTranslations('AuthErrors');
  const locale = useLocale();
  const searchParams = useSearchParams();
  const hydrated = useHydrated();
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const limits = { min: MIN_PASSWORD_CHARACTERS, max: MAX_PASSWORD_CHARACTERS };

  function localCheck(password: string, confirmPassword: string): Errors {
    const problem = passwordProblem(password);
    if (problem) return { password: tErrors(problem, limits) };
    if (confirmPassword !== password) return { confirmPassword: tErrors('passwordMismatch') };
    return {};
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    const local = localCheck(value('password'), value('confirmPassword'));
    setErrors(local);
    if (local.password || local.confirmPassword) return focus(form, local.password ? 'password' : 'confirmPassword');
    setBusy(true);
    const result = await postAuth(SETUP_ENDPOINT, { token: searchParams.get('token') ?? '', password: value('password'), confirmPassword: value('confirmPassword') }, locale);
    if (result.kind === 'ok') return goTo(result.redirectTo);
    setBusy(false);
    if (result.kind === 'network') return setErrors({ form: t('networkError') });
    const next: Errors = {};
    for (const issue of result.body.errors) {
      if (issue.field === 'password' || issue.field === 'confirmPassword') next[issue.field] ??= issue.message;
    }
    if (!next.password && !next.confirmPassword) next.form = result.body.message;
    setErrors(next);
    if (next.password || next.confirmPassword) focus(form, next.password ? 'password' : 'confirmPassword');
  }

  return (
    <form method="post" noValidate onSubmit={submit} className="auth-form">
      <PasswordField id="setup-password" name="password" label={t('password')} help={t('passwordHelp', limits)} error={errors.password} autoComplete="new-password" autoFocus />
      <PasswordField id="setup-confirm" name="confirmPassword" label={t('confirm')} error={errors.confirmPassword} autoComplete="new-password" />
      <p className="field-error" role="alert">
        {errors.form ?? ''}
      </p>
      <button type="submit" className="btn btn--primary btn--block" disabled={!hydrated || busy}>
        {busy ? t('submitting') : t('submit')}
      </button>
    </form>
  );
}

function focus(form: HTMLFormElement, name: string) {
  (form.elements.namedItem(name) as HTMLInputElement | null)?.focus();
}
