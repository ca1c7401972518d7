'use client';

import { useTranslations } from 'next-intl';
import { Fragment } from 'react';
import type { FieldError as HookFieldError, UseFormReturn } from 'react-hook-form';
import { ECOSYSTEMS } from '@/lib/services/catalog';
import type { EcosystemSpec } from '@/lib/services/ecosystem';
import type { SettingsFieldName } from '@/lib/settings/fields';
import type { PackagesSettingsInput } from '@/lib/settings/schema';
import type { StorageField } from '@/lib/storage/types';
import { FieldError } from './FieldError';

// The columns of the table, as the real console orders them (a field's first choice is its default, not its column).
const COLUMNS = ['enabled', 'read-only', 'disabled'] as const;

interface Props {
  form: UseFormReturn<PackagesSettingsInput>;
  /** GitHub Packages is enabled in the form: ecosystems can be toggled only then. */
  enabled: boolean;
}

/** "Ecosystem Toggles": one row per ecosystem with Enabled / Read-Only / Disabled, and a row per option (npm upstreaming). */
export function EcosystemToggles({ form, enabled }: Props) {
  const t = useTranslations('Ecosystems');
  const tAll = useTranslations();
  const errors = form.formState.errors as Record<string, HookFieldError | undefined>;
  const text = (key: string) => tAll(`Ecosystems.${key}` as never);

  const row = (spec: EcosystemSpec, field: StorageField, about: string | null) => {
    const name = field.name as SettingsFieldName;
    const label = text(field.label ?? name);
    const describedBy = [about || field.help ? `${name}-about` : null, `${name}-error`].filter(Boolean).join(' ');
    return (
      <Fragment key={field.name}>
        <tr>
          <th scope="row">
            <span className={field === spec.mode ? 'ecosystem-name' : 'ecosystem-option'}>{label}</span>
            {about || field.help ? (
              <span id={`${name}-about`} className="note">
                {about ?? text(field.help ?? '')}
              </span>
            ) : null}
          </th>
          {COLUMNS.map((choice) => (
            <td key={choice}>
              {field.choices?.includes(choice) ? (
                <input type="radio" value={choice} aria-label={`${label}: ${t(`modes.${choice}`)}`} aria-describedby={describedBy} {...form.register(name)} />
              ) : null}
            </td>
          ))}
        </tr>
        <tr className="ecosystem-error">
          <td colSpan={COLUMNS.length + 1}>
            <FieldError id={`${name}-error`} error={errors[name]} />
          </td>
        </tr>
      </Fragment>
    );
  };

  return (
    <section className="box" aria-labelledby="ecosystems-section">
      <h2 id="ecosystems-section">{t('section')}</h2>
      <p className="note">{t('intro')}</p>
      <p className="note">{t('readOnlyHelp')}</p>
      {enabled ? null : <p className="note">{t('packagesOff')}</p>}
      <fieldset className="plain-fieldset" disabled={!enabled}>
        <legend className="visually-hidden">{t('section')}</legend>
        <div className="table-scroll" role="region" aria-labelledby="ecosystems-section" tabIndex={0}>
        <table className="ecosystem-table">
          <thead>
            <tr>
              <th scope="col">{t('ecosystem')}</th>
              {COLUMNS.map((choice) => (
                <th scope="col" key={choice}>
                  {t(`modes.${choice}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ECOSYSTEMS.map((spec: EcosystemSpec) => [row(spec, spec.mode, text(`${spec.id}.about`)), ...spec.options.map((option) => row(spec, option, null))])}
          </tbody>
        </table>
        </div>
      </fieldset>
    </section>
  );
}
