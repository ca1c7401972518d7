'use client';

import { useMessages, useTranslations } from 'next-intl';
import type { FieldError as HookFieldError } from 'react-hook-form';
import { localizeProblemParams } from '@/lib/i18n/lookup';
import { isMessageKey } from '@/lib/i18n/translator';
import { useTranslator } from '@/lib/i18n/use-translator';
import { decodeProblem, problemKey } from '@/lib/settings/problem-message';
import { TextWithCode } from './TextWithCode';

/** Always rendered, so screen readers already watch the live region when an error appears. */
export function FieldError({ id, error }: { id: string; error: HookFieldError | undefined }) {
  const t = useTranslations();
  const { lookup } = useTranslator();
  const messages = useMessages();
  let text = '';
  if (error?.message) {
    // Server messages arrive already translated; client ones are problem codes (problem-message.ts).
    const problem = decodeProblem(error.message);
    const key = problemKey(problem);
    text = error.type === 'server' ? error.message : isMessageKey(messages, key) ? t(key, localizeProblemParams(problem.params, lookup)) : t('Validation.invalid');
  }
  return (
    <p id={id} className="field-error" aria-live="polite">
      <TextWithCode text={text} />
    </p>
  );
}
