'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { goTo, LOGIN_ENDPOINT, postAuth } from '@/lib/auth/auth-client';
import { PasswordField } from './PasswordField';
import { useHydrated } from './useHydrated';

interface LoginFormProps {
  returnTo: string;
  /** A lockout already in force when the page was rendered, in the page's language. */
  initialError: string | null;
}

export function LoginForm({ returnTo, initialError }: LoginFormProps) {
  const t = useTranslations('LoginForm');
  const tErrors = useTranslations('AuthErrors');
  const locale = useLocale();
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('password') as HTMLInputElement;
    // An empty field is a slip: say so on the field at once, without a round trip (the server refuses it too).
    if (input.value === '') {
      setError(tErrors('passwordRequired'));
      return input.focus();
    }
    setBusy(true);
    setError(null);
    const result = await postAuth(LOGIN_ENDPOINT, { password: input.value, next: returnTo }, locale);
    if (result.kind === 'ok') return goTo(result.redirectTo);
    setBusy(false);
    setError(result.kind === 'network' ? t('networkError') : result.body.message);
    input.select();
    input.focus();
  }

  return (
    <form method="post" noValidate onSubmit={submit} className="auth-form">
      <PasswordField id="login-password" name="password" label={t('password')} error={error ?? undefined} autoComplete="current-password" autoFocus />
      {/* Disabled until hydrated: before that, a click would post the form natively instead of through fetch. */}
      <button type="submit" className="btn btn--primary btn--block" disabled={!hydrated || busy}>
        {busy ? t('submitting') : t('submit')}
      </button>
    </form>
  );
}
