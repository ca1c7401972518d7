'use client';

import { useMessages, useTranslations } from 'next-intl';
import { Fragment, type ReactNode } from 'react';
import type { FieldError as HookFieldError, UseFormReturn } from 'react-hook-form';
import { lookupLocale } from '@/lib/i18n/lookup';
import { isMessageKey, missingMessage } from '@/lib/i18n/translator';
import { useTranslator } from '@/lib/i18n/use-translator';
import type { PackagesSettingsInput } from '@/lib/settings/schema';
import type { PublicPackagesSettings } from '@/lib/settings/types';
import { fieldRequired, type RegisteredStorageField } from '@/lib/storage/registry';
import type { FieldValues } from '@/lib/storage/types';
import { FieldError } from './FieldError';
import { TextField } from './TextField';
import { TrustedCertificateList } from './TrustedCertificateList';

const externalLink = (href: string) =>
  function ExternalLink(chunks: ReactNode) {
    return (
      <a href={href} target="_blank" rel="noreferrer noopener">
        {chunks}
      </a>
    );
  };

interface Props {
  field: RegisteredStorageField;
  /** The storage type's message namespace. */
  namespace: string;
  form: UseFormReturn<PackagesSettingsInput>;
  saved: PublicPackagesSettings;
  /** The values being typed, for placeholders and help that follow them. */
  values: FieldValues;
  required: boolean;
}

/** One field of a storage type, drawn from its descriptor (lib/storage/<type>/type.ts). */
export function StorageFieldInput({ field, namespace: typeNamespace, form, saved, values, required }: Props) {
  const t = useTranslations();
  const { lookup } = useTranslator();
  const messages = useMessages();
  const namespace = field.namespace ?? typeNamespace;
  const text = (key: string, params?: Record<string, string>) => lookup(`${namespace}.${key}`, params);
  const helpKey = `${namespace}.${field.help ?? ''}`;
  const name = field.name;
  const savedValues: Readonly<Record<string, unknown>> = saved;
  const error = (form.formState.errors as Record<string, HookFieldError | undefined>)[name];
  const params = field.messageParams?.(values) ?? {};
  const lead = field.help ? (field.helpLink ? (isMessageKey(messages, helpKey) ? t.rich(helpKey, { ...params, link: externalLink(field.helpLink) }) : missingMessage(helpKey, lookupLocale(lookup))) : text(field.help, params)) : null;
  const notes = (field.notes ?? []).map((note) => text(note));
  const parts = [lead, ...notes].filter((part) => part !== null);
  const help =
    parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : parts.map((part, index) => <Fragment key={index}>{index > 0 ? ' ' : null}{part}</Fragment>);
  if (field.choices) {
    // A parameter naming one of the choices is shown by that choice's label ("Automatic (Path-style)").
    const shown = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, field.choiceLabels?.[value] ? text(field.choiceLabels[value]) : value]));
    const id = `field-${name}`;
    return (
      <div className="form-group">
        <label htmlFor={id}>{text(field.label ?? name)}</label>
        <select
          {...form.register(name)}
          defaultValue={String(savedValues[name] ?? '')}
          id={id}
          className="form-select"
          aria-describedby={help ? `${id}-help ${id}-error` : `${id}-error`}
        >
          {field.choices.map((choice) => (
            <option key={choice} value={choice}>
              {text(field.choiceLabels?.[choice] ?? choice, shown)}
            </option>
          ))}
        </select>
        {help ? (
          <p id={`${id}-help`} className="note">
            {help}
          </p>
        ) : null}
        <FieldError id={`${id}-error`} error={error} />
      </div>
    );
  }
  const secretStored = field.secret === true && savedValues[`${name}Set`] === true;
  const placeholder = secretStored && field.storedPlaceholder ? text(field.storedPlaceholder) : typeof field.placeholder === 'function' ? field.placeholder(values) : field.placeholder;
  return (
    <TextField
      registration={form.register(name)}
      defaultValue={field.secret ? undefined : String(savedValues[name] ?? '')}
      label={text(field.label ?? name)}
      type={field.input === 'select' ? 'text' : field.input}
      autoComplete={field.secret ? 'new-password' : undefined}
      placeholder={placeholder}
      required={required && fieldRequired(field, values) && !secretStored}
      error={error}
      note={secretStored && field.storedNote ? text(field.storedNote) : field.input === 'textarea' && saved.trustedCertificates?.length ? <TrustedCertificateList certificates={saved.trustedCertificates} /> : undefined}
      help={help}
    />
  );
}
