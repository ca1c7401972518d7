'use client';

import { TextWithCode } from './TextWithCode';

interface PasswordFieldProps {
  id: string;
  name: string;
  label: string;
  help?: string;
  error?: string;
  autoComplete: 'current-password' | 'new-password';
  autoFocus?: boolean;
}

/** A labelled password input whose help and error are announced with it (aria-describedby). */
export function PasswordField({ id, name, label, help, error, autoComplete, autoFocus }: PasswordFieldProps) {
  return (
    <div className={error ? 'form-group form-group--error' : 'form-group'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        className="form-control"
        autoComplete={autoComplete}
        required
        autoFocus={autoFocus}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={[help ? `${id}-help` : null, `${id}-error`].filter(Boolean).join(' ')}
      />
      {help ? (
        <p id={`${id}-help`} className="note">
          {help}
        </p>
      ) : null}
      <p id={`${id}-error`} className="field-error" role="alert">
        {error ? <TextWithCode text={error} /> : null}
      </p>
    </div>
  );
}
