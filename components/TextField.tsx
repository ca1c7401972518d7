'use client';

import type { ReactNode } from 'react';
import type { FieldError as HookFieldError, UseFormRegisterReturn } from 'react-hook-form';
import { FieldError } from './FieldError';

interface TextFieldProps {
  registration: UseFormRegisterReturn;
  label: string;
  help?: ReactNode;
  note?: ReactNode;
  error: HookFieldError | undefined;
  type?: 'text' | 'url' | 'password' | 'textarea';
  placeholder?: string;
  required?: boolean;
  autoComplete?: string;
  /** Rendered by the server, so the saved value shows before the page is interactive. */
  defaultValue?: string;
  /** When one page has several forms with a field of the same name (`field-<name>` by default). */
  id?: string;
}

export function TextField({ registration, label, help, note, error, type = 'text', placeholder, required, autoComplete = 'off', defaultValue, id = `field-${registration.name}` }: TextFieldProps) {
  const describedBy = [help ? `${id}-help` : null, note ? `${id}-note` : null, `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={error ? 'form-group form-group--error' : 'form-group'}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {type === 'textarea' ? (
        <textarea
          {...registration}
          id={id}
          rows={8}
          defaultValue={defaultValue}
          className="form-control form-control--code"
          placeholder={placeholder}
          spellCheck={false}
          autoCapitalize="off"
          aria-required={required || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
      ) : (
        <input
          {...registration}
          id={id}
          type={type}
          defaultValue={defaultValue}
          className="form-control"
          placeholder={placeholder}
          autoComplete={autoComplete}
          spellCheck={false}
          autoCapitalize="off"
          aria-required={required || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
      )}
      {note ? (
        <p id={`${id}-note`} className="note note--info">
          {note}
        </p>
      ) : null}
      {help ? (
        <p id={`${id}-help`} className="note">
          {help}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}
