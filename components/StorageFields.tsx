'use client';

import { useTranslations } from 'next-intl';
import { useWatch, type UseFormReturn } from 'react-hook-form';
import type { PackagesSettingsInput } from '@/lib/settings/schema';
import type { PublicPackagesSettings } from '@/lib/settings/types';
import { fieldShown, fieldsOf, isStorageTypeId, storageType, STORAGE_TYPES } from '@/lib/storage/registry';
import { StorageFieldInput } from './StorageFieldInput';

/** "Packages Storage": the Storage type radio, then the chosen type's notes and fields (advanced ones folded). */
export function StorageFields({ form, saved, required }: { form: UseFormReturn<PackagesSettingsInput>; saved: PublicPackagesSettings; required: boolean }) {
  const t = useTranslations('PackagesSettingsForm');
  const tAll = useTranslations();
  const values = useWatch({ control: form.control }) as Record<string, unknown>;
  const chosen = values.storageType;
  const type = storageType(isStorageTypeId(chosen) ? chosen : saved.storageType);
  const text = (key: string) => tAll(`${type.namespace}.${key}` as never);
  const input = (advanced: boolean) =>
    fieldsOf(type)
      .filter((field) => (field.advanced === true) === advanced && fieldShown(field, values))
      .map((field) => <StorageFieldInput key={field.name} field={field} namespace={type.namespace} form={form} saved={saved} values={values} required={required} />);
  return (
    <>
      <fieldset className="radio-group">
        <legend>{t('storageType')}</legend>
        {/* Controlled, not registered: a reset of the form element must not bring back the type the page was loaded with. */}
        {STORAGE_TYPES.map((option) => (
          <label key={option.id}>
            <input
              type="radio"
              name="storageType"
              value={option.id}
              checked={option.id === type.id}
              onChange={() => form.setValue('storageType', option.id, { shouldDirty: true })}
            />{' '}
            {tAll(`${option.namespace}.${option.typeLabel}` as never)}
          </label>
        ))}
      </fieldset>
      {type.notes?.map((note) => (
        <p key={note} className="note">
          {text(note)}
        </p>
      ))}
      {input(false)}
      {fieldsOf(type).some((field) => field.advanced) ? (
        <details className="advanced">
          <summary>{t('advanced')}</summary>
          {input(true)}
        </details>
      ) : null}
    </>
  );
}
