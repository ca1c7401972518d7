'use client';

import { useTranslations } from 'next-intl';
import type { FieldError as HookFieldError } from 'react-hook-form';
import { TextWithCode } from './TextWithCode';

/** Always rendered, so screen readers already watch the live region when an error appears. */
export function FieldError({ id, error }: { id: string; error: HookFieldError | undefined }) {
  const t = useTranslations('Validation');
  let text = '';
  if (error?.message) {
    // Server messages arrive already translated; client ones are Validation keys.
    text = error.type === 'server' ? error.message : t.has(error.message as 'invalid') ? t(error.message as 'invalid') : t('invalid');
  }
  return (
    <p id={id} className="field-error" aria-live="polite">
      <TextWithCode text={text} />
    </p>
  );
}
