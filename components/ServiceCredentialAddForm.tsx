'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { CredentialFormInput } from '@/lib/services/credentials/schema';
import { lazyCredentialResolver } from './lazyCredentialResolver';
import { credentialsRequest } from './serviceCredentialsRequest';
import { TextField } from './TextField';
import { useHydrated } from './useHydrated';

export interface AddedCredential {
  name: string;
  createdAt: string;
  secret: string;
  inForceMessage: string;
}

/**
 * Add credential: the name checked in the browser by the schema the server uses again; the server's
 * refusals (name taken, reserved) land on the field, in the page's language, with the name kept.
 */
export function ServiceCredentialAddForm({ ecosystem, locale, onAdded }: { ecosystem: string; locale: string; onAdded: (credential: AddedCredential) => void }) {
  const t = useTranslations('ServiceCredentials');
  const hydrated = useHydrated();
  const [problem, setProblem] = useState('');
  const form = useForm<CredentialFormInput>({ resolver: lazyCredentialResolver, defaultValues: { name: '' }, mode: 'onSubmit', reValidateMode: 'onChange' });
  const { errors, isSubmitting } = form.formState;
  const titleId = `add-credential-${ecosystem}`;

  const submit = form.handleSubmit(async ({ name }) => {
    setProblem('');
    const result = await credentialsRequest(ecosystem, 'POST', name, locale);
    if (!result.ok) {
      if (result.field === 'name' && result.message) form.setError('name', { type: 'server', message: result.message }, { shouldFocus: true });
      else setProblem(result.message ?? t('failed'));
      return;
    }
    const { createdAt, secret } = result.body;
    if (createdAt === undefined || secret === undefined) return setProblem(t('failed'));
    form.reset({ name: '' });
    onAdded({ name: result.body.name, createdAt, secret, inForceMessage: result.body.inForceMessage });
  });

  return (
    <form className="service-credentials__add" aria-labelledby={titleId} noValidate onSubmit={submit}>
      <h4 id={titleId}>{t('addTitle')}</h4>
      <TextField id={`${titleId}-name`} registration={form.register('name')} label={t('nameLabel')} help={t('nameHelp')} error={errors.name} required />
      <p className="service-credentials__error" role="alert">
        {problem}
      </p>
      {/* Disabled until hydrated: before that, a click would submit the form natively instead of through fetch. */}
      <button type="submit" className="btn btn--primary" disabled={!hydrated || isSubmitting}>
        {isSubmitting ? t('adding') : t('add')}
      </button>
    </form>
  );
}
