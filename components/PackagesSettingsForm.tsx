'use client';

import { useTranslations } from 'next-intl';
import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { formValuesFrom, storedSecretsOptions } from './packagesFormValues';
import type { PackagesSettingsInput } from '@/lib/settings/schema';
import type { PublicSettingsSnapshot } from '@/lib/settings/types';
import { EcosystemToggles } from './EcosystemToggles';
import { FormBanner } from './FormBanner';
import { lazyPackagesResolver } from './lazyPackagesResolver';
import { SaveSettingsPanel } from './SaveSettingsPanel';
import { StorageChangeNotes } from './StorageChangeNotes';
import { StorageCheckPanel } from './StorageCheckPanel';
import { StorageFields } from './StorageFields';
import { useHydrated } from './useHydrated';
import { usePackagesSettingsActions } from './usePackagesSettingsActions';

const FORM_ID = 'packages-settings-form';

// Not part of the first load: the run display is needed only after Save (or while a run is in progress),
// the move panel only once a storage change asks for confirmation. React.lazy rather than next/dynamic,
// whose loader would itself add to every first load of the page.
const ConfigRunProgress = lazy(() => import('./ConfigRunProgress').then((module) => ({ default: module.ConfigRunProgress })));
const StorageMovePanel = lazy(() => import('./StorageMovePanel').then((module) => ({ default: module.StorageMovePanel })));

/** Renders the page's main column and, beside it, the Save settings panel under the sidebar. */
export function PackagesSettingsForm({
  initial,
  activeRunId,
  runsHref,
  children,
}: {
  initial: PublicSettingsSnapshot;
  /** The runs page in this locale, for the run display's link. */
  runsHref: string;
  /** A configuration run already in progress when the page was rendered. */
  activeRunId: string | null;
  children: ReactNode;
}) {
  const t = useTranslations('PackagesSettingsForm');
  const [snapshot, setSnapshot] = useState(initial);
  const stored = useMemo(() => storedSecretsOptions(snapshot.packages), [snapshot.packages]);
  const resolver = useMemo(() => lazyPackagesResolver(stored), [stored]);
  const form = useForm<PackagesSettingsInput>({
    resolver,
    defaultValues: formValuesFrom(initial),
    mode: 'onTouched',
  });
  const onSaved = (next: PublicSettingsSnapshot, keepEdits = false) => {
    setSnapshot(next);
    if (keepEdits) form.setValue('version', next.version);
    else form.reset(formValuesFrom(next));
  };
  const actions = usePackagesSettingsActions(form, stored, onSaved, activeRunId);
  const { banner, check, confirmRequired, testing, save, test, run, runActive, runFinished, runLost } = actions;
  const enabled = useWatch({ control: form.control, name: 'enabled' });
  // Until React has hydrated, a click would submit the plain HTML form: keep Save disabled until then.
  const hydrated = useHydrated();

  return (
    <>
      <main id="content" className="console-main" tabIndex={-1}>
        {children}
        <FormBanner banner={banner} />
        {run ? (
          <Suspense fallback={null}>
            <ConfigRunProgress key={run.id} runId={run.id} runsHref={runsHref} initial={run.initial} onFinished={runFinished} onLost={runLost} />
          </Suspense>
        ) : null}
        <form id={FORM_ID} method="post" aria-label={t('formLabel')} noValidate onSubmit={save}>
          <section className="box" aria-labelledby="enable-section">
            <h2 id="enable-section">{t('enableSection')}</h2>
            <div className="form-checkbox">
              <input
                type="checkbox"
                id="field-enabled"
                aria-describedby="field-enabled-help"
                defaultChecked={snapshot.packages.enabled}
                {...form.register('enabled')}
              />
              <label htmlFor="field-enabled">{t('enableLabel')}</label>
              <p id="field-enabled-help" className="note">
                {t('enableHelp')}
              </p>
            </div>
          </section>
          <section className="box" aria-labelledby="storage-section">
            <h2 id="storage-section">{t('storageSection')}</h2>
            <fieldset className="plain-fieldset" disabled={!enabled}>
              <legend className="visually-hidden">{t('storageSection')}</legend>
              <StorageFields form={form} saved={snapshot.packages} required={Boolean(enabled)} />
              <StorageCheckPanel check={check} testing={testing} onTest={test} />
            </fieldset>
          </section>
          <EcosystemToggles form={form} enabled={Boolean(enabled)} />
          {confirmRequired ? (
            <div className="form-checkbox flash flash--warn">
              <input type="checkbox" id="field-confirmStorageChange" {...form.register('confirmStorageChange')} />
              <label htmlFor="field-confirmStorageChange">{t('confirmStorageChange')}</label>
              <StorageChangeNotes form={form} />
              <Suspense fallback={null}>
                <StorageMovePanel form={form} />
              </Suspense>
            </div>
          ) : null}
        </form>
      </main>
      <SaveSettingsPanel formId={FORM_ID} saving={form.formState.isSubmitting} running={runActive} ready={hydrated} />
    </>
  );
}
