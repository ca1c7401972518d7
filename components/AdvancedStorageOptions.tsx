'use client';

import { useTranslations } from 'next-intl';
import { useWatch, type UseFormReturn } from 'react-hook-form';
import { deriveRegion, effectivePathStyle } from '@/lib/settings/s3-endpoint';
import type { PackagesSettingsInput } from '@/lib/settings/schema';
import type { PublicPackagesSettings } from '@/lib/settings/types';
import { FieldError } from './FieldError';

/** Region and addressing style: "auto" shows what it resolves to for the URL being typed. */
export function AdvancedStorageOptions({ form, saved }: { form: UseFormReturn<PackagesSettingsInput>; saved: PublicPackagesSettings }) {
  const t = useTranslations('PackagesSettingsForm');
  const serviceUrl = useWatch({ control: form.control, name: 'serviceUrl' }) ?? saved.serviceUrl;
  const errors = form.formState.errors;
  const autoStyle = effectivePathStyle(serviceUrl, 'auto') ? t('pathStylePath') : t('pathStyleVirtual');
  return (
    <details className="advanced">
      <summary>{t('advanced')}</summary>
      <div className="form-group">
        <label htmlFor="field-region">{t('region')}</label>
        <input
          {...form.register('region')}
          id="field-region"
          defaultValue={saved.region}
          className="form-control"
          placeholder={deriveRegion(serviceUrl)}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors.region ? true : undefined}
          aria-describedby="field-region-help field-region-error"
        />
        <p id="field-region-help" className="note">
          {t('regionHelp', { region: deriveRegion(serviceUrl) })}
        </p>
        <FieldError id="field-region-error" error={errors.region} />
      </div>
      <div className="form-group">
        <label htmlFor="field-pathStyle">{t('pathStyle')}</label>
        <select {...form.register('pathStyle')} defaultValue={saved.pathStyle} id="field-pathStyle" className="form-select" aria-describedby="field-pathStyle-error">
          <option value="auto">{t('pathStyleAuto', { style: autoStyle })}</option>
          <option value="path">{t('pathStylePath')}</option>
          <option value="virtual">{t('pathStyleVirtual')}</option>
        </select>
        <FieldError id="field-pathStyle-error" error={errors.pathStyle} />
      </div>
    </details>
  );
}
