'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import { saveSettings, testStorageSettings, type ApiResult } from '@/lib/settings/api-client';
import type { ApiErrorBody, LocalizedCheckResult } from '@/lib/settings/api-types';
import { isPackagesField as isField } from '@/lib/settings/fields';
import type { PackagesSettingsInput } from '@/lib/settings/schema';
import type { PublicSettingsSnapshot } from '@/lib/settings/types';
import { validateForStorageTest } from './lazyPackagesResolver';

export interface Banner {
  tone: 'success' | 'error' | 'warn';
  text: string;
  reload?: boolean;
}

/** Save and Test for the Packages form: talks to the API and maps its answers onto fields and banners. */
export function usePackagesSettingsActions(
  form: UseFormReturn<PackagesSettingsInput>,
  secretStored: boolean,
  onSaved: (snapshot: PublicSettingsSnapshot) => void,
) {
  const locale = useLocale();
  const t = useTranslations('PackagesSettingsForm');
  const [banner, setBanner] = useState<Banner | null>(null);
  const [check, setCheck] = useState<LocalizedCheckResult | null>(null);
  const [confirmRequired, setConfirmRequired] = useState(false);
  const [testing, setTesting] = useState(false);

  function showServerErrors(body: ApiErrorBody) {
    let first = true;
    for (const issue of body.errors) {
      if (!isField(issue.field)) continue;
      form.setError(issue.field, { type: 'server', message: issue.message }, { shouldFocus: first });
      first = false;
    }
    if (body.check) setCheck(body.check);
  }

  function bannerForError(status: number, body: ApiErrorBody): Banner {
    if (status === 409) return { tone: 'error', text: t('conflict'), reload: true };
    if (body.confirmRequired) return { tone: 'warn', text: t('confirmNeeded') };
    if (body.check && !body.check.ok) return { tone: 'error', text: t('storageFailed') };
    return { tone: 'error', text: body.errors.some((issue) => isField(issue.field)) ? t('fixErrors') : body.message };
  }

  function handleFailure(result: Exclude<ApiResult<unknown>, { kind: 'ok' }>) {
    if (result.kind === 'network') {
      setBanner({ tone: 'error', text: t('networkError') });
      return;
    }
    showServerErrors(result.body);
    if (result.body.confirmRequired) setConfirmRequired(true);
    setBanner(bannerForError(result.status, result.body));
  }

  const save = form.handleSubmit(async (values) => {
    setBanner(null);
    const result = await saveSettings(values, locale);
    if (result.kind !== 'ok') return handleFailure(result);
    const { settings, check: savedCheck } = result.body;
    setCheck(savedCheck);
    setConfirmRequired(false);
    onSaved(settings);
    const key = settings.packages.enabled ? 'saved' : 'savedDisabled';
    setBanner({ tone: 'success', text: t(key, { version: settings.version }) });
  });

  async function test() {
    setBanner(null);
    form.clearErrors();
    // The test checks the storage fields whether or not Packages is enabled yet.
    const values = { ...form.getValues(), enabled: true } as PackagesSettingsInput;
    const parsed = await validateForStorageTest(values, secretStored);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (isField(field)) form.setError(field, { type: 'validate', message: issue.message }, { shouldFocus: true });
      }
      return;
    }
    setTesting(true);
    try {
      const result = await testStorageSettings(values, locale);
      if (result.kind !== 'ok') return handleFailure(result);
      // Problems the check pins on a field (wrong secret, missing bucket...) show under that field too.
      showServerErrors({ message: '', errors: result.body.check.errors, check: result.body.check });
    } finally {
      setTesting(false);
    }
  }

  return { banner, check, confirmRequired, testing, save, test };
}
