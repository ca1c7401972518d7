'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import type { LocalizedRun } from '@/lib/config-run/localize-run';
import { joinSentences } from '@/lib/i18n/sentences';
import { fetchSettings, saveSettings, testStorageSettings, type ApiResult } from '@/lib/settings-api/api-client';
import type { ApiErrorBody, LocalizedCheckResult } from '@/lib/settings-api/api-types';
import { isPackagesField as isField } from '@/lib/settings/fields';
import type { PackagesSchemaOptions, PackagesSettingsInput } from '@/lib/settings/schema';
import type { PublicSettingsSnapshot } from '@/lib/settings/types';
import { validateForStorageTest } from './lazyPackagesResolver';

export interface Banner {
  tone: 'error' | 'warn';
  text: string;
  reload?: boolean;
  /** The session ended: offer a sign-in in a new tab, so the form (and the typed secret) survives. */
  signIn?: boolean;
}

/** The configuration run the page follows: its own (started by Save) or one already in progress. */
export interface WatchedRun {
  id: string;
  initial: LocalizedRun | null;
  own: boolean;
}

/** Save and Test for the Packages form: talks to the API and maps its answers onto fields and banners. */
export function usePackagesSettingsActions(
  form: UseFormReturn<PackagesSettingsInput>,
  stored: PackagesSchemaOptions,
  onSaved: (snapshot: PublicSettingsSnapshot, keepEdits?: boolean) => void,
  activeRunId: string | null = null,
) {
  const locale = useLocale();
  const router = useRouter();
  const t = useTranslations('PackagesSettingsForm');
  const [banner, setBanner] = useState<Banner | null>(null);
  const [check, setCheck] = useState<LocalizedCheckResult | null>(null);
  const [confirmRequired, setConfirmRequired] = useState(false);
  const [testing, setTesting] = useState(false);
  const [run, setRun] = useState<WatchedRun | null>(activeRunId ? { id: activeRunId, initial: null, own: false } : null);
  const [runActive, setRunActive] = useState(activeRunId !== null);

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
    if (status === 401) return { tone: 'error', text: t('sessionEnded'), signIn: true };
    if (status === 409 && body.runId) return { tone: 'warn', text: body.message };
    if (status === 409) return { tone: 'error', text: t('conflict'), reload: true };
    if (body.confirmRequired) return { tone: 'warn', text: t('confirmNeeded') };
    if (body.check && !body.check.ok) return { tone: 'error', text: t('storageFailed') };
    return { tone: 'error', text: body.errors.some((issue) => isField(issue.field)) ? t('fixErrors') : body.message };
  }

  function handleFailure(result: Exclude<ApiResult<unknown>, { kind: 'ok' }>) {
    if (result.kind === 'network') return setBanner({ tone: 'error', text: t('networkError') });
    if (result.kind === 'server') return setBanner({ tone: 'error', text: t('serverError', { status: String(result.status) }) });
    showServerErrors(result.body);
    if (result.body.confirmRequired) setConfirmRequired(true);
    setBanner(bannerForError(result.status, result.body));
  }

  const save = form.handleSubmit(async (values) => {
    setBanner(null);
    setCheck(null);
    const result = await saveSettings(values, locale);
    if (result.kind !== 'ok') {
      // Refused because another run is in progress: follow that one, so the admin sees when it ends.
      if (result.kind === 'error' && result.body.runId) {
        setRun({ id: result.body.runId, initial: null, own: false });
        setRunActive(true);
      }
      return handleFailure(result);
    }
    setConfirmRequired(false);
    setRun({ id: result.body.run.id, initial: result.body.run, own: true });
    setRunActive(result.body.run.running);
  });

  async function runFinished(finished: LocalizedRun) {
    setRunActive(false);
    if (!finished.successful) {
      showServerErrors({ message: finished.summary, errors: finished.errors, check: finished.check ?? undefined });
      const conflict = finished.phases.some((phase) => phase.error?.code === 'versionConflict');
      setBanner(conflict ? { tone: 'error', text: t('conflict'), reload: true } : { tone: 'error', text: finished.summary });
      // A run of ours that failed after its write phase saved a new version: the next Save must build on
      // it, or it would be refused as "changed by someone else". Only that version, and only if nobody
      // saved since: anyone else's save must still be reported as a conflict. The edits stay in the form.
      const settings = run?.own && finished.settingsVersion !== null ? await fetchSettings() : null;
      if (settings && settings.version === finished.settingsVersion) onSaved(settings, true);
      router.refresh(); // server-rendered notes now say "saved but not applied"
      return;
    }
    // Only the admin's own run replaces the form: someone else's must not wipe unsaved edits.
    const settings = run?.own ? await fetchSettings() : null;
    if (settings) onSaved(settings);
    // The run's own status line already announces success; a banner saying it again would be read twice.
    // Only what the status line does not say (the audit log missed the save) gets one.
    setBanner(finished.warnings.length > 0 ? { tone: 'warn', text: joinSentences(...finished.warnings.map((warning) => warning.message)) } : null);
    // Server-rendered notes (such as "saved but not applied") now say something else.
    router.refresh();
  }

  async function test() {
    setBanner(null);
    form.clearErrors();
    // The test checks the storage fields whether or not Packages is enabled yet.
    const values = { ...form.getValues(), enabled: true } as PackagesSettingsInput;
    const parsed = await validateForStorageTest(values, stored);
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

  /** The run can no longer be followed (gone, or the session ended): Save must not stay disabled. */
  function runLost() {
    setRunActive(false);
  }

  return { banner, check, confirmRequired, testing, save, test, run, runActive, runFinished, runLost };
}
